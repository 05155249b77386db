"""Checks on evidence files (佐证材料) before anything is stored: size, extension, and the file's own signature,
so a renamed executable or script is refused whatever it calls itself."""

import hashlib
import secrets
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The form and API field evidence files arrive in; errors about them are reported there.
EVIDENCE_FIELD = "evidence"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (content type, signature check)
ALLOWED = {
    ".pdf": ("application/pdf", lambda head, f: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    ".gif": ("image/gif", lambda head, f: head[:6] in (b"GIF87a", b"GIF89a")),
    ".doc": ("application/msword", lambda head, f: head.startswith(OLE2)),
    ".xls": ("application/vnd.ms-excel", lambda head, f: head.startswith(OLE2)),
    ".ppt": ("application/vnd.ms-powerpoint", lambda head, f: head.startswith(OLE2)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              lambda head, f: _is_office_zip(head, f, "word/")),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              lambda head, f: _is_office_zip(head, f, "xl/")),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              lambda head, f: _is_office_zip(head, f, "ppt/")),
}


@dataclass
class CheckedFile:
    upload: object
    original_name: str
    content_type: str
    size: int
    sha256: str
    stored_name: str


def _is_office_zip(head: bytes, upload, folder: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        upload.seek(0)
        names = zipfile.ZipFile(upload).namelist()
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def evidence_check(upload) -> CheckedFile:
    """Accept an uploaded file as evidence or raise ValidationError with a message naming the file."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("“%(name)s” is not an accepted type. Accepted: PDF, images (JPG, PNG, GIF) and Office documents "
              "(Word, Excel, PowerPoint).") % {"name": name}, code="file_type")
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size),
               "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
            code="file_size")
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    content_type, signature_matches = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    if not signature_matches(head, upload):
        raise ValidationError(
            _("“%(name)s” is not really a %(ext)s file (its content does not match its name).")
            % {"name": name, "ext": extension.lstrip(".").upper()}, code="file_content")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload=upload, original_name=name, content_type=content_type, size=upload.size,
                       sha256=digest.hexdigest(), stored_name=secrets.token_hex(16) + extension)


def evidence_check_all(uploads) -> list[CheckedFile]:
    uploads = list(uploads or [])
    if len(uploads) > settings.EVIDENCE_MAX_FILES:
        raise ValidationError(_("At most %(n)d files can be attached at once.") % {"n": settings.EVIDENCE_MAX_FILES},
                              code="file_count")
    return [evidence_check(upload) for upload in uploads]


def evidence_upload_to(instance, filename):
    # A random name on disk: the original name is kept in the row, never trusted as a path.
    return f"evidence/{timezone.now():%Y/%m}/{instance.stored_name}"


class StoredFile(models.Model):
    """A checked file (evidence_check) stored under MEDIA_ROOT with its name, type, size and hash. No URL serves
    MEDIA_ROOT: each owner's download goes through its own permission check."""

    file = models.FileField(gettext_lazy("file"), upload_to=evidence_upload_to, max_length=300)
    stored_name = models.CharField(max_length=64, editable=False)
    original_name = models.CharField(gettext_lazy("file name"), max_length=255)
    content_type = models.CharField(gettext_lazy("content type"), max_length=100)
    size = models.PositiveBigIntegerField(gettext_lazy("size"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @classmethod
    def store_all(cls, checked_files, *, written: list[str], **owner) -> None:
        """Store each checked file with its row under `owner`; the caller's files_removed_on_failure() removes the
        stored files again if its transaction fails."""
        for checked in checked_files:
            stored = cls(stored_name=checked.stored_name, original_name=checked.original_name,
                         content_type=checked.content_type, size=checked.size, sha256=checked.sha256, **owner)
            stored.file.save(checked.stored_name, checked.upload, save=False)
            written.append(stored.file.name)
            stored.save()


@contextmanager
def files_removed_on_failure():
    """Collects the names of files stored inside the block and deletes them again if the block fails: wrap the
    transaction that saves their rows, so a refused or failed save leaves neither rows nor files behind."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
