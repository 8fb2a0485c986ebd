"""The reference lists every installation starts with: themes, the six recommendation
categories of the TERRINCLUS study, and the 17 Sustainable Development Goals (ODD).

Loaded by a migration; `reference_lists_load` can run again at any time (idempotent).
"""

THEMES = [
    ("jeunesse", "Jeunesse"),
    ("personnes-handicapees", "Personnes handicapées"),
    ("personnes-agees", "Personnes âgées"),
    ("cohesion-sociale", "Cohésion sociale"),
    ("participation-citoyenne", "Participation citoyenne"),
    ("insertion-professionnelle", "Insertion professionnelle"),
    ("femmes", "Femmes"),
]

RECOMMENDATION_CATEGORIES = [
    ("emergence", "Émergence du projet et finalités"),
    ("diagnostic", "Diagnostic et formalisation"),
    ("partenariat", "Partenariat et participation"),
    ("temporalite", "Temporalité"),
    ("reciprocite", "Partage des enjeux et réciprocité"),
    ("suivi-evaluation", "Suivi, évaluation et restitution"),
]

SDGS = [
    "Pas de pauvreté",
    "Faim « zéro »",
    "Bonne santé et bien-être",
    "Éducation de qualité",
    "Égalité entre les sexes",
    "Eau propre et assainissement",
    "Énergie propre et d'un coût abordable",
    "Travail décent et croissance économique",
    "Industrie, innovation et infrastructure",
    "Inégalités réduites",
    "Villes et communautés durables",
    "Consommation et production responsables",
    "Mesures relatives à la lutte contre les changements climatiques",
    "Vie aquatique",
    "Vie terrestre",
    "Paix, justice et institutions efficaces",
    "Partenariats pour la réalisation des objectifs",
]


def reference_lists_load(apps) -> None:
    Theme = apps.get_model("projects", "Theme")
    RecommendationCategory = apps.get_model("projects", "RecommendationCategory")
    Goal = apps.get_model("projects", "SustainableDevelopmentGoal")
    for order, (slug, name) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    for order, (slug, name) in enumerate(RECOMMENDATION_CATEGORIES, start=1):
        RecommendationCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    for number, label in enumerate(SDGS, start=1):
        Goal.objects.update_or_create(number=number, defaults={"label": label})
