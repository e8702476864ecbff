"""Imports of dropout lists: the ``importStudents`` mutation and the ``importBatches`` list.

The rules live in ``services.student_import``. Here an uploaded file is saved to a
temporary file, imported, recorded in the audit log, and the batch is mapped to the API.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path, PurePath

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info
from tortoise.expressions import Subquery

from models.agency import Agency as AgencyRow
from models.audit import ImportBatch as ImportBatchRow
from models.audit import ImportKind as ImportKindValue
from models.audit import ImportStatus as ImportStatusValue
from schema.accounts import User, load_user
from schema.agencies import Agency, load_agency
from schema.base import (
    Edge,
    Node,
    PageInfo,
    UserError,
    UserErrorCode,
    decode_cursor,
    local_int_id,
    page_of,
    to_global_id,
    user_errors,
)
from schema.context import Context
from schema.registry import mutation_part, node_resolver, query_part
from services import audit
from services.errors import AuthError, ErrorCode, ServiceError
from services.i18n import register
from services.pagination import page_window
from services.scope import Actor, agency_scope, require_role
from services.student_import import IMPORT_ROLES, ImportResult, import_students
from services.tabular import RowError

log = logging.getLogger("pakongklab.imports")

COPY_CHUNK_BYTES = 1 << 20

register({
    "import_failed_summary": (
        "ไม่ได้นำเข้าไฟล์ '{file}': พบข้อผิดพลาด {count} รายการ จึงไม่บันทึกข้อมูลใดเลย "
        "ดูรายละเอียดแต่ละแถวได้ใน batch.errors",
        "The file '{file}' was not imported, so nothing was saved. Errors found: {count}. "
        "See batch.errors for each row.",
    ),
})

ImportStatus = strawberry.enum(
    ImportStatusValue,
    name="ImportStatus",
    description="Outcome of an import: COMPLETED (written), DRY_RUN (checked, nothing written), "
    "or FAILED (errors found, nothing written).",
)
ImportKind = strawberry.enum(
    ImportKindValue,
    name="ImportKind",
    description="What an import brought in: SCHOOLS (the OBEC school list) or STUDENTS (a dropout list).",
)


@strawberry.type(description="A problem in one row of an imported file, or in the whole file.")
class ImportRowError:
    row: int | None = strawberry.field(
        description="Row number as a spreadsheet shows it (the header is row 1); null when the whole file is at fault."
    )
    column: str | None = strawberry.field(description="Column name as written in the file; null when none applies.")
    value: str | None = strawberry.field(description="The rejected value as read, cut to 200 characters; null when none applies.")
    code: UserErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="What is wrong and how to fix it, in the caller's language.")

    @classmethod
    def from_error(cls, error: RowError, locale: str) -> ImportRowError:
        return cls(row=error.row, column=error.column, value=error.value, code=error.code, message=error.message(locale))


@strawberry.type(description="One import of a file: who sent it, what came of it, and the errors found.")
class ImportBatch(Node):
    row: strawberry.Private[ImportBatchRow]

    @strawberry.field(description="Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("ImportBatch", self.row.id)

    @strawberry.field(description="What the file held.")
    def kind(self) -> ImportKind:
        return self.row.kind

    @strawberry.field(description="Outcome of the import.")
    def status(self) -> ImportStatus:
        return self.row.status

    @strawberry.field(description="Name of the file as sent.")
    def file_name(self) -> str:
        return self.row.file_name

    @strawberry.field(description="SHA-256 of the file, in hex, to tell whether two imports read the same file.")
    def file_sha256(self) -> str:
        return self.row.file_sha256

    @strawberry.field(description="Number of data rows read (blank rows are not counted).")
    def row_count(self) -> int:
        return self.row.row_count

    @strawberry.field(description="Children added. For a dry run: children that would be added.")
    def created_count(self) -> int:
        return self.row.created_count

    @strawberry.field(
        description="Children already listed for the same term and school whose data changed. "
        "For a dry run: those that would change."
    )
    def updated_count(self) -> int:
        return self.row.updated_count

    @strawberry.field(
        description="Children written by this import who are also listed at another school, and so flagged "
        "as possible duplicates."
    )
    def duplicate_count(self) -> int:
        return self.row.duplicate_count

    @strawberry.field(description="Number of errors found, including those beyond the first 1000 listed in `errors`.")
    def error_count(self) -> int:
        return self.row.error_count

    @strawberry.field(description="The first 1000 errors, in file order; empty when the import succeeded.")
    def errors(self, info: Info[Context, None]) -> list[ImportRowError]:
        locale = info.context.locale
        return [ImportRowError.from_error(RowError.from_json(item), locale) for item in self.row.errors or []]

    @strawberry.field(description="When the import started.")
    def started_at(self) -> dt.datetime:
        return self.row.started_at

    @strawberry.field(description="When the import ended.")
    def finished_at(self) -> dt.datetime | None:
        return self.row.finished_at

    @strawberry.field(description="Agency of the account that sent the file; null for the command line or when outside your scope.")
    async def agency(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.agency_id)

    @strawberry.field(description="Account that sent the file; null for the command line or when outside your scope.")
    async def uploaded_by(self, info: Info[Context, None]) -> User | None:
        return await load_user(info, self.row.uploaded_by_id)


@strawberry.type(description="A page of import batches.")
class ImportBatchConnection:
    edges: list[Edge[ImportBatch]] = strawberry.field(description="The batches on this page, newest first.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many batches are in your scope, on all pages.")


@strawberry.input(description="A dropout list to import, sent with the GraphQL multipart request spec.")
class ImportStudentsInput:
    file: Upload = strawberry.field(
        description="A CSV (UTF-8 with or without BOM, or TIS-620) or XLSX file with a header row. Columns, "
        "Thai or English, in any order: เลขประจำตัวประชาชน/national_id, คำนำหน้า/title, ชื่อ/first_name, "
        "นามสกุล/last_name, เพศ/gender, วันเกิด/birth_date, ชั้น/grade, รหัสโรงเรียน/school_code, "
        "ชื่อโรงเรียน/school_name, ภาคเรียนที่หลุด/term, บ้านเลขที่/house_number, หมู่/village_no, "
        "รหัสตำบล/subdistrict_code, ชื่อผู้ปกครอง/guardian_name, เบอร์โทรผู้ปกครอง/guardian_phone."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Check every row and count what would change, without writing any child."
    )


@strawberry.type(description="Result of importStudents.")
class ImportStudentsPayload:
    batch: ImportBatch | None = strawberry.field(
        description="The recorded import, also when it failed or was a dry run; null only when the request was rejected."
    )
    errors: list[UserError] = strawberry.field(
        description="Empty when the import succeeded. When rows had errors, one entry on `file` sums them up; "
        "the rows are listed in `batch.errors`."
    )


def batch_scope(actor: Actor):
    """Filter for the batches sent from the actor's agency subtree (ministry admins: all, also the command line's)."""
    if actor.is_ministry_admin:
        return ImportBatchRow.all()
    agencies = AgencyRow.filter(agency_scope(actor)).values("id")
    return ImportBatchRow.filter(agency_id__in=Subquery(agencies))


def _may_list_batches(actor: Actor | None) -> bool:
    return actor is not None and actor.role in IMPORT_ROLES


@node_resolver("ImportBatch")
async def resolve_import_batch_node(info: Info[Context, None], local_id: str) -> ImportBatch | None:
    actor = info.context.actor
    if not _may_list_batches(actor) or not local_id.isdigit():
        return None
    row = await batch_scope(actor).filter(id=int(local_id)).first()
    return ImportBatch(row=row) if row else None


def _upload_name(upload: Upload) -> str:
    name = PurePath(getattr(upload, "filename", None) or "upload").name
    return name[:255] or "upload"


async def _save_upload(upload: Upload, suffix: str) -> Path:
    """Copy the upload to a temporary file, chunk by chunk, and return its path."""
    descriptor, name = tempfile.mkstemp(prefix="pakongklab-import-", suffix=suffix)
    try:
        with os.fdopen(descriptor, "wb") as target:
            while chunk := await upload.read(COPY_CHUNK_BYTES):
                target.write(chunk)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _summary_errors(info: Info[Context, None], result: ImportResult) -> list[UserError]:
    if not result.error_count:
        return []
    locale = info.context.locale
    if result.error_count == 1 and result.errors and result.errors[0].row is None:
        only = result.errors[0]
        return [UserError(field="file", code=only.code, message=only.message(locale))]
    return [UserError(
        field="file",
        code=ErrorCode.INVALID,
        message=info.context.t("import_failed_summary", file=result.file_name, count=result.error_count),
    )]


@mutation_part
@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        description="Import a dropout list: all rows or none. Every row is checked first; when any row has an "
        "error nothing is written and the batch lists the errors by row, column and value. The same child "
        "(national ID) for the same term and school is updated, not added twice. For school staff (own "
        "school's rows only), area officers, affiliation admins and ministry admins; every row's school must "
        "be in your scope."
    )
    async def import_students(self, info: Info[Context, None], input: ImportStudentsInput) -> ImportStudentsPayload:
        actor = require_role(info.context.actor, *IMPORT_ROLES)
        # NOTE: the import runs inside the request. Rows are checked in a worker thread, so
        # other requests are still served, but they compete with it for the CPU, and the
        # client waits for the whole import: a file at the 50 MB upload limit (about 200,000
        # rows) takes an estimated 20 seconds. Move imports to a background job if that hurts.
        name = _upload_name(input.file)
        path = await _save_upload(input.file, PurePath(name).suffix.lower()[:8])
        try:
            result = await import_students(path, dry_run=input.dry_run, actor=actor, file_name=name)
        except AuthError:
            raise
        except ServiceError as error:
            return ImportStudentsPayload(batch=None, errors=user_errors(info, error))
        finally:
            path.unlink(missing_ok=True)

        await audit.record(
            actor,
            "import.students",
            target_type="ImportBatch",
            target_ids=[result.batch_id],
            success=not result.error_count,
            client_address=info.context.client_address,
            details={
                "file_name": name,
                "status": result.status.value,
                "dry_run": result.dry_run,
                "rows": result.row_count,
                "created": result.created,
                "updated": result.updated,
                "possible_duplicates": result.duplicates,
                "errors": result.error_count,
            },
        )
        row = await ImportBatchRow.get(id=result.batch_id)
        return ImportStudentsPayload(batch=ImportBatch(row=row), errors=_summary_errors(info, result))


@query_part
@strawberry.type
class ImportQuery:
    @strawberry.field(
        description="Imports sent from your agency's subtree, newest first. Page size is capped at 100. "
        "For school staff, area officers, affiliation admins and ministry admins."
    )
    async def import_batches(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> ImportBatchConnection:
        actor = require_role(info.context.actor, *IMPORT_ROLES)
        window = page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)
        query = batch_scope(actor)
        total = await query.count()
        rows = await query.order_by("-id").offset(window.offset).limit(window.limit)
        edges, page_info = page_of([ImportBatch(row=row) for row in rows], window, total)
        return ImportBatchConnection(edges=edges, page_info=page_info, total_count=total)

    @strawberry.field(description="One import batch by global id; null when it does not exist or is outside your scope.")
    async def import_batch(self, info: Info[Context, None], id: strawberry.ID) -> ImportBatch | None:
        require_role(info.context.actor, *IMPORT_ROLES)
        return await resolve_import_batch_node(info, str(local_int_id(id, "ImportBatch")))
