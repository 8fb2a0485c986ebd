"""A tiny browser for the load scripts: cookies, the login form, and forms posted
back the way a browser posts them (CSRF token, hidden version field, inline rows).

Standard library only: the scripts run beside the server on the same two cores and
must stay light.
"""

import http.cookiejar
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Response:
    status: int
    url: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to count (a saved form answers 302), not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(
        self,
        path: str,
        data: dict | list | None = None,
        *,
        body: bytes | None = None,
        content_type: str = "",
    ) -> Response:
        url = path if path.startswith("http") else self.base_url + path
        headers = {"Referer": self.base_url + "/"}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return Response(
                    answer.status, url, answer.read().decode(errors="replace")
                )
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            location = error.headers.get("Location", "")
            return Response(error.code, location or url, text)

    def upload(self, path: str, fields: dict, files: dict) -> Response:
        """A multipart form: `fields` as text, `files` as {name: (file name, bytes)}."""
        boundary = f"----banc{secrets.token_hex(12)}"
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
        for name, (file_name, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{file_name}"\r\nContent-Type: application/octet-stream'
                "\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
        )

    def get(self, path: str) -> Response:
        return self.request(path)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def login(self, username: str, password: str) -> None:
        page = self.get("/compte/login/")
        fields = form_fields(page.body)
        fields.update(username=username, password=password)
        answer = self.request("/compte/login/", list(fields.items()))
        if answer.status != 302:
            raise RuntimeError(f"login refused for {username}: {answer.status}")


class _FormParser(HTMLParser):
    """The fields of the page's main form (the one with a CSRF token), as a browser
    would submit it unchanged: checked boxes only, selected options, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.in_template = 0
        self.select: str | None = None
        self.select_chosen: list[str] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self.in_template += 1  # the empty row of a formset is not submitted
        if self.in_template:
            return
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind in {"submit", "button", "file"}:
                return
            self.fields.append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self.select, self.select_chosen = name, []
        elif tag == "option" and self.select is not None and "selected" in attrs:
            self.select_chosen.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        if self.in_template or not self.in_form:
            return
        if tag == "select" and self.select is not None:
            self.fields += [(self.select, value) for value in self.select_chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data


def form_items(html: str) -> list[tuple[str, str]]:
    parser = _FormParser()
    parser.feed(html)
    return parser.fields


def form_fields(html: str) -> dict[str, str]:
    """The main form's fields, one value each (enough for forms without multiple
    selects)."""
    return dict(form_items(html))
