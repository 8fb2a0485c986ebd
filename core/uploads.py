"""What an attachment may be: one of the accepted types, its content matching its
extension (a program renamed .pdf is refused), and no larger than
ATTACHMENT_MAX_BYTES. The one validator of every user-uploaded attachment field
(the spreadsheet imports check their own files in imports/)."""

import codecs
import io
import math
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = (b"%PDF-",)
PNG = (b"\x89PNG\r\n\x1a\n",)
JPEG = (b"\xff\xd8\xff",)
# Word 97-2003, Excel 97-2003, PowerPoint 97-2003: an OLE2 compound file
OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ZIP = (b"PK\x03\x04",)
TEXT = ()  # no signature: the content decodes as text

# extension -> the signatures its content may start with
ATTACHMENT_TYPES = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".odt": ZIP,
    ".ods": ZIP,
    ".odp": ZIP,
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".pptx": ZIP,
    ".doc": OLE2,
    ".xls": OLE2,
    ".ppt": OLE2,
    ".txt": TEXT,
    ".csv": TEXT,
}
# The member a document's zip must hold: ODF's `mimetype` (whose content names
# the format), OOXML's `[Content_Types].xml`.
ODF_MIMETYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
}
TEXT_HEAD = 64 * 1024
TYPE_REFUSED = _(
    "Type de fichier non accepté : %(extension)s. Types acceptés : %(types)s."
)
MB = 1024 * 1024


def accepted_extensions() -> str:
    return ", ".join(sorted(ATTACHMENT_TYPES))


def _zip_matches(extension: str, stream) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if extension in ODF_MIMETYPES:
                if "mimetype" not in names:
                    return False
                with archive.open("mimetype") as member:
                    return member.read(100) == ODF_MIMETYPES[extension]
            return "[Content_Types].xml" in names
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    except NotImplementedError:  # a compression method zipfile cannot read
        return False


def _text_matches(head: bytes) -> bool:
    """Text: no NUL byte, and the start decodes as UTF-8 (with or without its
    byte order mark), or as Windows-1252 as older spreadsheets save it."""
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def content_matches(extension: str, stream) -> bool:
    """Whether the content of the binary, seekable `stream` is what `extension`
    claims: the format's signature at the start (a zip holding the right member
    for ODF and OOXML documents), or text for .txt and .csv."""
    extension = extension.lower()
    if extension not in ATTACHMENT_TYPES:
        return False
    signatures = ATTACHMENT_TYPES[extension]
    stream.seek(0)
    head = stream.read(TEXT_HEAD if not signatures else 16)
    stream.seek(0)
    try:
        if not signatures:
            return _text_matches(head)
        if not head.startswith(signatures):
            return False
        if signatures is ZIP:
            return _zip_matches(extension, stream)
        return True
    finally:
        stream.seek(0)


def size_in_mb(size: int) -> str:
    """A size the French way, in Mo, rounded up to a tenth (a file just above the
    limit never reads as the limit): « 31,2 », « 20 »."""
    value = math.ceil(size * 10 / MB) / 10
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _accepted_extension(value, accepted, types: str, *, code: str) -> str:
    """The upload's extension, lower case, when it is one of `accepted`; otherwise
    the French refusal naming the accepted `types`."""
    extension = os.path.splitext(value.name)[1].lower()
    if extension not in accepted:
        raise ValidationError(
            TYPE_REFUSED
            % {"extension": extension or _("sans extension"), "types": types},
            code=code,
        )
    return extension


def _refuse_larger(value, limit: int, message: str, *, code: str) -> None:
    """Refuses an upload of more than `limit` bytes, `message` saying its size and
    the limit in megabytes."""
    if value.size > limit:
        raise ValidationError(
            message % {"size": size_in_mb(value.size), "limit": size_in_mb(limit)},
            code=code,
        )


def _upload_stream(value):
    """The uploaded file as a binary stream that seeks, from its start."""
    upload = getattr(value, "file", value)
    stream = upload if hasattr(upload, "seek") else io.BytesIO(upload.read())
    stream.seek(0)
    return stream


def validate_attachment(value) -> None:
    """Refuse an uploaded attachment of a type not accepted, whose content does not
    match its extension, or larger than ATTACHMENT_MAX_BYTES. A file already stored
    (the record saved again) is not read again."""
    if not value or getattr(value, "_committed", False):
        return
    extension = _accepted_extension(
        value, ATTACHMENT_TYPES, accepted_extensions(), code="attachment_type"
    )
    _refuse_larger(
        value,
        settings.ATTACHMENT_MAX_BYTES,
        _("Fichier trop volumineux : %(size)s Mo (maximum %(limit)s Mo)."),
        code="attachment_size",
    )
    if not content_matches(extension, _upload_stream(value)):
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension "
                "%(extension)s : enregistrez-le à nouveau dans ce format."
            )
            % {"extension": extension},
            code="attachment_content",
        )


def attachment_help_text() -> str:
    return _("%(types)s ; %(limit)s Mo au plus.") % {
        "types": _("PDF, image, document bureautique ou texte"),
        "limit": size_in_mb(settings.ATTACHMENT_MAX_BYTES),
    }


class AttachmentField(models.FileField):
    """A file a person uploads to a record: checked by validate_attachment, offered
    by the browser's file picker among the accepted types, with a help text that
    says them and the size limit (read when the form is built, from the settings)."""

    default_validators = [validate_attachment]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("accept", ",".join(sorted(ATTACHMENT_TYPES)))
        if not field.help_text:
            field.help_text = lazy(attachment_help_text, str)()
        return field


# Photos: what Pillow recognises in the content decides, whatever the name says.
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# more pixels than a 60-megapixel camera takes: refused before it is decoded (a small
# file can hold a huge image)
PHOTO_MAX_PIXELS = 60_000_000
PHOTO_NOT_AN_IMAGE = _(
    "Ce fichier n'est pas une image lisible : envoyez une photo JPEG, PNG ou WebP."
)


def validate_photo(value) -> None:
    """Refuse an uploaded photo that is not a JPEG, PNG or WebP image Pillow opens
    and verifies (a text renamed .jpg is refused), or larger than PHOTO_MAX_BYTES.
    A file already stored is not read again."""
    if not value or getattr(value, "_committed", False):
        return
    _accepted_extension(
        value, PHOTO_EXTENSIONS, ", ".join(PHOTO_EXTENSIONS), code="photo_type"
    )
    _refuse_larger(
        value,
        settings.PHOTO_MAX_BYTES,
        _("Photo trop volumineuse : %(size)s Mo (maximum %(limit)s Mo)."),
        code="photo_size",
    )
    stream = _upload_stream(value)
    try:
        with Image.open(stream) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
        if image_format not in PHOTO_FORMATS:
            raise ValidationError(PHOTO_NOT_AN_IMAGE, code="photo_content")
        if width * height > PHOTO_MAX_PIXELS:
            raise ValidationError(
                _(
                    "Photo trop grande : %(width)s × %(height)s pixels ; "
                    "réduisez-la avant de l'envoyer."
                )
                % {"width": width, "height": height},
                code="photo_pixels",
            )
        with Image.open(stream) as image:  # verify() leaves the image unusable
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(PHOTO_NOT_AN_IMAGE, code="photo_content") from error
    finally:
        stream.seek(0)


def photo_normalised(value):
    """The uploaded photo as it is stored: turned upright, its longest side brought
    down to PHOTO_MAX_SIDE pixels, re-encoded in its own format without EXIF or any
    other metadata. `value` has passed validate_photo."""
    stream = _upload_stream(value)
    with Image.open(stream) as opened:
        image_format = opened.format
        image = ImageOps.exif_transpose(opened)
        image.load()
    side = settings.PHOTO_MAX_SIDE
    if max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # a new image holds the pixels only: no EXIF, XMP, ICC comment or text chunk
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    output = io.BytesIO()
    options = {"quality": 85, "optimize": True} if image_format == "JPEG" else {}
    if image_format == "WEBP":
        options = {"quality": 85}
    clean.save(output, format=image_format, **options)
    stem = os.path.splitext(os.path.basename(value.name))[0] or "photo"
    return ContentFile(output.getvalue(), name=stem + PHOTO_FORMATS[image_format])


def photo_help_text() -> str:
    return _("Photo JPEG, PNG ou WebP ; %(limit)s Mo au plus.") % {
        "limit": size_in_mb(settings.PHOTO_MAX_BYTES),
    }


class PhotoField(models.FileField):
    """A photo a person uploads: checked by validate_photo, then stored as
    photo_normalised makes it (upright, resized once, without its metadata)."""

    default_validators = [validate_photo]

    def pre_save(self, model_instance, add):
        stored = getattr(model_instance, self.attname)
        if stored and not stored._committed:
            setattr(model_instance, self.attname, photo_normalised(stored))
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("accept", ",".join(PHOTO_EXTENSIONS))
        if not field.help_text:
            field.help_text = lazy(photo_help_text, str)()
        return field
