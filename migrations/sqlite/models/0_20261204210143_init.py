from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return r"""
        CREATE TABLE IF NOT EXISTS "province" (
    "code" VARCHAR(2) NOT NULL PRIMARY KEY,
    "name_th" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100) NOT NULL
) /* A province (จังหวัด), keyed by its 2-digit DOPA code. */;
CREATE TABLE IF NOT EXISTS "district" (
    "code" VARCHAR(4) NOT NULL PRIMARY KEY,
    "name_th" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100) NOT NULL,
    "province_id" VARCHAR(2) NOT NULL REFERENCES "province" ("code") ON DELETE RESTRICT
) /* A district (อำเภอ\/เขต), keyed by its 4-digit DOPA code. */;
CREATE TABLE IF NOT EXISTS "subdistrict" (
    "code" VARCHAR(6) NOT NULL PRIMARY KEY,
    "name_th" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100) NOT NULL,
    "postal_code" VARCHAR(5) NOT NULL,
    "district_id" VARCHAR(4) NOT NULL REFERENCES "district" ("code") ON DELETE RESTRICT,
    "province_id" VARCHAR(2) NOT NULL REFERENCES "province" ("code") ON DELETE RESTRICT
) /* A subdistrict (ตำบล\/แขวง), keyed by its 6-digit DOPA code. */;
CREATE TABLE IF NOT EXISTS "agency" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* MINISTRY: MINISTRY\nAFFILIATION: AFFILIATION\nAREA_OFFICE: AREA_OFFICE\nSCHOOL: SCHOOL\nPARTNER: PARTNER */,
    "code" VARCHAR(32) NOT NULL,
    "name_th" VARCHAR(255) NOT NULL,
    "name_en" VARCHAR(255) NOT NULL,
    "short_name_th" VARCHAR(64) NOT NULL,
    "levels_th" VARCHAR(128) NOT NULL,
    "active" INT NOT NULL,
    "mou_reference" VARCHAR(128) NOT NULL,
    "mou_starts_on" DATE,
    "mou_ends_on" DATE,
    "mou_revoked_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "affiliation_id" INT REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "area_office_id" INT REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "district_id" VARCHAR(4) REFERENCES "district" ("code") ON DELETE RESTRICT,
    "parent_id" INT REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "province_id" VARCHAR(2) REFERENCES "province" ("code") ON DELETE RESTRICT,
    "subdistrict_id" VARCHAR(6) REFERENCES "subdistrict" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_agency_kind_00d48b" UNIQUE ("kind", "code")
) /* One node of the agency tree. */;
CREATE INDEX IF NOT EXISTS "idx_agency_parent__d00f74" ON "agency" ("parent_id", "kind");
CREATE INDEX IF NOT EXISTS "idx_agency_area_of_f06220" ON "agency" ("area_office_id", "kind");
CREATE INDEX IF NOT EXISTS "idx_agency_affilia_51a5c6" ON "agency" ("affiliation_id", "kind");
CREATE TABLE IF NOT EXISTS "agency_province" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "agency_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE CASCADE,
    "province_id" VARCHAR(2) NOT NULL REFERENCES "province" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_agency_prov_agency__d64041" UNIQUE ("agency_id", "province_id")
) /* A province that an area office or a partner organisation covers. */;
CREATE TABLE IF NOT EXISTS "login_attempt" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username_key" VARCHAR(64) NOT NULL,
    "client_address" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP NOT NULL
) /* A failed sign-in, kept to throttle guessing per account and per client address. */;
CREATE INDEX IF NOT EXISTS "idx_login_attem_usernam_26df3c" ON "login_attempt" ("username_key", "at");
CREATE INDEX IF NOT EXISTS "idx_login_attem_client__19ce3f" ON "login_attempt" ("client_address", "at");
CREATE TABLE IF NOT EXISTS "app_user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "username_key" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "title" VARCHAR(32) NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "position" VARCHAR(128) NOT NULL,
    "phone" VARCHAR(32) NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "role" VARCHAR(24) NOT NULL /* SCHOOL_STAFF: SCHOOL_STAFF\nAREA_OFFICER: AREA_OFFICER\nAFFILIATION_ADMIN: AFFILIATION_ADMIN\nMINISTRY_ADMIN: MINISTRY_ADMIN\nPARTNER: PARTNER */,
    "status" VARCHAR(16) NOT NULL /* PENDING: PENDING\nACTIVE: ACTIVE\nREJECTED: REJECTED\nSUSPENDED: SUSPENDED */,
    "decided_at" TIMESTAMP,
    "decision_reason" TEXT NOT NULL,
    "password_changed_at" TIMESTAMP,
    "failed_login_count" INT NOT NULL,
    "locked_until" TIMESTAMP,
    "last_login_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "agency_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "decided_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL
) /* A person who signs in. ``username_key`` is the lower-cased username, unique. */;
CREATE INDEX IF NOT EXISTS "idx_app_user_agency__847a4a" ON "app_user" ("agency_id", "status");
CREATE INDEX IF NOT EXISTS "idx_app_user_status_1b987d" ON "app_user" ("status", "role");
CREATE TABLE IF NOT EXISTS "phase2_province" (
    "opened_at" TIMESTAMP NOT NULL,
    "opened_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "province_id" VARCHAR(2) NOT NULL PRIMARY KEY REFERENCES "province" ("code") ON DELETE RESTRICT
) /* A province opened to partner organisations (phase 2). */;
CREATE TABLE IF NOT EXISTS "password_reset_code" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "issued_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "user_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE
) /* A one-time code an admin issued so a user can set a new password. */;
CREATE TABLE IF NOT EXISTS "user_session" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "kind" VARCHAR(8) NOT NULL /* BEARER: BEARER\nCOOKIE: COOKIE */,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP,
    "revoked_at" TIMESTAMP,
    "client_address" VARCHAR(64) NOT NULL,
    "user_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE
) /* A signed-in session. Only the SHA-256 of its token is stored. */;
CREATE INDEX IF NOT EXISTS "idx_user_sessio_user_id_d1c39f" ON "user_session" ("user_id", "revoked_at");
CREATE TABLE IF NOT EXISTS "audit_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_ids" JSON NOT NULL,
    "success" INT NOT NULL,
    "client_address" VARCHAR(64) NOT NULL,
    "details" JSON NOT NULL,
    "actor_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "actor_agency_id" INT REFERENCES "agency" ("id") ON DELETE SET NULL
) /* Who did what, when, to which records, from which address. Never a secret. */;
CREATE INDEX IF NOT EXISTS "idx_audit_entry_actor_a_613d90" ON "audit_entry" ("actor_agency_id", "at");
CREATE INDEX IF NOT EXISTS "idx_audit_entry_action_996fc3" ON "audit_entry" ("action", "at");
CREATE INDEX IF NOT EXISTS "idx_audit_entry_at_c3f19e" ON "audit_entry" ("at");
CREATE TABLE IF NOT EXISTS "import_batch" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(12) NOT NULL /* SCHOOLS: SCHOOLS\nSTUDENTS: STUDENTS */,
    "file_name" VARCHAR(255) NOT NULL,
    "file_sha256" VARCHAR(64) NOT NULL,
    "status" VARCHAR(12) NOT NULL /* DRY_RUN: DRY_RUN\nCOMPLETED: COMPLETED\nFAILED: FAILED */,
    "row_count" INT NOT NULL,
    "created_count" INT NOT NULL,
    "updated_count" INT NOT NULL,
    "duplicate_count" INT NOT NULL,
    "error_count" INT NOT NULL,
    "errors" JSON NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "finished_at" TIMESTAMP,
    "agency_id" INT REFERENCES "agency" ("id") ON DELETE SET NULL,
    "uploaded_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL
) /* One import of a file: what it was, who sent it, and what came of each row. */;
CREATE TABLE IF NOT EXISTS "student" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "national_id" VARCHAR(13) NOT NULL,
    "id_kind" VARCHAR(12) NOT NULL /* NATIONAL_ID: NATIONAL_ID\nG_CODE: G_CODE */,
    "title" VARCHAR(32) NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "first_name_en" VARCHAR(100) NOT NULL,
    "last_name_en" VARCHAR(100) NOT NULL,
    "gender" VARCHAR(12) NOT NULL /* MALE: MALE\nFEMALE: FEMALE\nUNSPECIFIED: UNSPECIFIED */,
    "birth_date" DATE,
    "grade" VARCHAR(8) NOT NULL,
    "academic_year" INT NOT NULL,
    "semester" SMALLINT NOT NULL,
    "house_number" VARCHAR(32) NOT NULL,
    "village_no" VARCHAR(8) NOT NULL,
    "address_line" VARCHAR(255) NOT NULL,
    "guardian_name" VARCHAR(200) NOT NULL,
    "guardian_phone" VARCHAR(32) NOT NULL,
    "status" VARCHAR(24) NOT NULL /* NOT_STARTED: NOT_STARTED\nIN_PROGRESS: IN_PROGRESS\nNOT_FOUND: NOT_FOUND\nFOUND_WANTS_TO_RETURN: FOUND_WANTS_TO_RETURN\nFOUND_WILL_NOT_RETURN: FOUND_WILL_NOT_RETURN\nRETURNED: RETURNED\nCANNOT_FOLLOW: CANNOT_FOLLOW */,
    "latest_visit_id" CHAR(36),
    "latest_reason" VARCHAR(32) /* TRANSPORT: TRANSPORT\nHEALTH: HEALTH\nDISABILITY: DISABILITY\nAT_RISK_GROUP: AT_RISK_GROUP\nDISASTER: DISASTER\nFAMILY_NECESSITY: FAMILY_NECESSITY\nSCHOOL_DISCIPLINE: SCHOOL_DISCIPLINE\nFAMILY_CONDITION: FAMILY_CONDITION\nLOW_INCOME: LOW_INCOME\nSOCIAL_ADJUSTMENT: SOCIAL_ADJUSTMENT\nCOMPLETED_COMPULSORY: COMPLETED_COMPULSORY\nCOVID19: COVID19\nOVER_AGE: OVER_AGE\nENROLLED_OTHER_AFFILIATION: ENROLLED_OTHER_AFFILIATION\nSTUDYING_ABROAD: STUDYING_ABROAD\nENROLLED_SAME_AFFILIATION: ENROLLED_SAME_AFFILIATION\nDECEASED: DECEASED\nMOVED: MOVED\nUNSPECIFIED: UNSPECIFIED */,
    "last_visited_at" TIMESTAMP,
    "visit_count" INT NOT NULL,
    "possible_duplicate" INT NOT NULL,
    "version" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "affiliation_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "area_office_id" INT REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "district_id" VARCHAR(4) REFERENCES "district" ("code") ON DELETE RESTRICT,
    "import_batch_id" INT REFERENCES "import_batch" ("id") ON DELETE SET NULL,
    "merged_into_id" INT REFERENCES "student" ("id") ON DELETE RESTRICT,
    "province_id" VARCHAR(2) REFERENCES "province" ("code") ON DELETE RESTRICT,
    "school_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "subdistrict_id" VARCHAR(6) REFERENCES "subdistrict" ("code") ON DELETE RESTRICT,
    CONSTRAINT "uid_student_nationa_21259a" UNIQUE ("national_id", "academic_year", "semester", "school_id")
) /* A child on a dropout list for one term at one school. */;
CREATE INDEX IF NOT EXISTS "idx_student_school__7453f6" ON "student" ("school_id", "id");
CREATE INDEX IF NOT EXISTS "idx_student_area_of_f1efe1" ON "student" ("area_office_id", "id");
CREATE INDEX IF NOT EXISTS "idx_student_affilia_2dd517" ON "student" ("affiliation_id", "id");
CREATE INDEX IF NOT EXISTS "idx_student_provinc_ad49ce" ON "student" ("province_id", "id");
CREATE INDEX IF NOT EXISTS "idx_student_status_694d06" ON "student" ("status", "id");
CREATE INDEX IF NOT EXISTS "idx_student_academi_1c67b6" ON "student" ("academic_year", "semester");
CREATE INDEX IF NOT EXISTS "idx_student_nationa_a9e908" ON "student" ("national_id");
CREATE TABLE IF NOT EXISTS "student_transfer" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" VARCHAR(12) NOT NULL /* PENDING: PENDING\nACCEPTED: ACCEPTED\nDECLINED: DECLINED\nCANCELLED: CANCELLED */,
    "reason" TEXT NOT NULL,
    "decision_note" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "decided_at" TIMESTAMP,
    "decided_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "from_school_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "requested_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "student_id" INT NOT NULL REFERENCES "student" ("id") ON DELETE RESTRICT,
    "to_school_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT
) /* A request to move a child's case to another school, which that school accepts or declines. */;
CREATE INDEX IF NOT EXISTS "idx_student_tra_to_scho_336056" ON "student_transfer" ("to_school_id", "status");
CREATE INDEX IF NOT EXISTS "idx_student_tra_student_fd6437" ON "student_transfer" ("student_id", "status");
CREATE TABLE IF NOT EXISTS "help_record" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(24) NOT NULL /* SCHOLARSHIP: SCHOLARSHIP\nLIVING_COSTS: LIVING_COSTS\nTRANSPORT: TRANSPORT\nLEARNING_SUPPORT: LEARNING_SUPPORT\nFLEXIBLE_LEARNING: FLEXIBLE_LEARNING\nVOCATIONAL_TRAINING: VOCATIONAL_TRAINING\nHEALTH_CARE: HEALTH_CARE\nCOUNSELING: COUNSELING\nCIVIL_REGISTRATION: CIVIL_REGISTRATION\nOTHER: OTHER */,
    "given_on" DATE NOT NULL,
    "amount_baht" VARCHAR(40),
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "partner_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "recorded_by_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    "student_id" INT NOT NULL REFERENCES "student" ("id") ON DELETE RESTRICT
) /* Help given to a child by a partner organisation (phase 2). */;
CREATE INDEX IF NOT EXISTS "idx_help_record_student_2b922e" ON "help_record" ("student_id", "given_on");
CREATE TABLE IF NOT EXISTS "visit" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "status" VARCHAR(24) NOT NULL /* NOT_STARTED: NOT_STARTED\nIN_PROGRESS: IN_PROGRESS\nNOT_FOUND: NOT_FOUND\nFOUND_WANTS_TO_RETURN: FOUND_WANTS_TO_RETURN\nFOUND_WILL_NOT_RETURN: FOUND_WILL_NOT_RETURN\nRETURNED: RETURNED\nCANNOT_FOLLOW: CANNOT_FOLLOW */,
    "reason" VARCHAR(32) /* TRANSPORT: TRANSPORT\nHEALTH: HEALTH\nDISABILITY: DISABILITY\nAT_RISK_GROUP: AT_RISK_GROUP\nDISASTER: DISASTER\nFAMILY_NECESSITY: FAMILY_NECESSITY\nSCHOOL_DISCIPLINE: SCHOOL_DISCIPLINE\nFAMILY_CONDITION: FAMILY_CONDITION\nLOW_INCOME: LOW_INCOME\nSOCIAL_ADJUSTMENT: SOCIAL_ADJUSTMENT\nCOMPLETED_COMPULSORY: COMPLETED_COMPULSORY\nCOVID19: COVID19\nOVER_AGE: OVER_AGE\nENROLLED_OTHER_AFFILIATION: ENROLLED_OTHER_AFFILIATION\nSTUDYING_ABROAD: STUDYING_ABROAD\nENROLLED_SAME_AFFILIATION: ENROLLED_SAME_AFFILIATION\nDECEASED: DECEASED\nMOVED: MOVED\nUNSPECIFIED: UNSPECIFIED */,
    "note" TEXT NOT NULL,
    "visited_at" TIMESTAMP NOT NULL,
    "latitude" REAL,
    "longitude" REAL,
    "accuracy_m" REAL,
    "after_close" INT NOT NULL,
    "content_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "recorded_by_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE RESTRICT,
    "recorded_by_agency_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "school_id" INT NOT NULL REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "student_id" INT NOT NULL REFERENCES "student" ("id") ON DELETE RESTRICT
) /* One follow-up of a child. The id is a UUID the client chose, so a retry is idempotent. */;
CREATE INDEX IF NOT EXISTS "idx_visit_student_a3fa25" ON "visit" ("student_id", "visited_at");
CREATE INDEX IF NOT EXISTS "idx_visit_school__ea53c6" ON "visit" ("school_id", "visited_at");
CREATE INDEX IF NOT EXISTS "idx_visit_visited_22dfe9" ON "visit" ("visited_at");
CREATE TABLE IF NOT EXISTS "photo" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "position" SMALLINT NOT NULL,
    "storage_key" VARCHAR(255) NOT NULL,
    "thumbnail_key" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(32) NOT NULL,
    "size_bytes" INT NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "student_id" INT NOT NULL REFERENCES "student" ("id") ON DELETE RESTRICT,
    "visit_id" CHAR(36) NOT NULL REFERENCES "visit" ("id") ON DELETE RESTRICT
) /* A photo taken on a visit, stored without metadata, with a thumbnail. */;
CREATE INDEX IF NOT EXISTS "idx_photo_visit_i_8f2e49" ON "photo" ("visit_id", "position");
CREATE INDEX IF NOT EXISTS "idx_photo_student_94f6f8" ON "photo" ("student_id");
CREATE TABLE IF NOT EXISTS "visit_need" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "need" VARCHAR(24) NOT NULL /* SCHOLARSHIP: SCHOLARSHIP\nLIVING_COSTS: LIVING_COSTS\nTRANSPORT: TRANSPORT\nLEARNING_SUPPORT: LEARNING_SUPPORT\nFLEXIBLE_LEARNING: FLEXIBLE_LEARNING\nVOCATIONAL_TRAINING: VOCATIONAL_TRAINING\nHEALTH_CARE: HEALTH_CARE\nCOUNSELING: COUNSELING\nCIVIL_REGISTRATION: CIVIL_REGISTRATION\nOTHER: OTHER */,
    "student_id" INT NOT NULL REFERENCES "student" ("id") ON DELETE RESTRICT,
    "visit_id" CHAR(36) NOT NULL REFERENCES "visit" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_visit_need_visit_i_9615e8" UNIQUE ("visit_id", "need")
) /* One kind of help a visit found the child needs. */;
CREATE INDEX IF NOT EXISTS "idx_visit_need_student_ff37ab" ON "visit_need" ("student_id", "need");
CREATE TABLE IF NOT EXISTS "tip" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "tracking_code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "approximate_age" SMALLINT,
    "latitude" REAL,
    "longitude" REAL,
    "description" TEXT NOT NULL,
    "description_hash" VARCHAR(64) NOT NULL,
    "contact" VARCHAR(200) NOT NULL,
    "status" VARCHAR(16) NOT NULL /* RECEIVED: RECEIVED\nMATCHED: MATCHED\nCASE_OPENED: CASE_OPENED\nDISMISSED: DISMISSED */,
    "decision_reason" TEXT NOT NULL,
    "client_address" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "decided_at" TIMESTAMP,
    "area_office_id" INT REFERENCES "agency" ("id") ON DELETE RESTRICT,
    "decided_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "matched_student_id" INT REFERENCES "student" ("id") ON DELETE SET NULL,
    "subdistrict_id" VARCHAR(6) NOT NULL REFERENCES "subdistrict" ("code") ON DELETE RESTRICT
) /* A report from anyone, routed to the area office that covers its subdistrict. */;
CREATE INDEX IF NOT EXISTS "idx_tip_area_of_23bc89" ON "tip" ("area_office_id", "status");
CREATE INDEX IF NOT EXISTS "idx_tip_client__55abd9" ON "tip" ("client_address", "created_at");
CREATE INDEX IF NOT EXISTS "idx_tip_descrip_261dbb" ON "tip" ("description_hash");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return r"""
        """


MODELS_STATE = (
    "eJztXW1z2ji7/isavjztTNoTSJN2mTNnhhCn9S6BDJDu9ik7joNF8NTIrG2SzXnO/vcjye"
    "+WDDIYYlx9AVvWLcOlt1v3638aC9uAlvv+ynQ9x5x6jTb4TwPpC4gvmGcnoKEvl/ETUuDp"
    "DxatbCRrPeBrnbY20y0X4iIDulPHXHqmjUjtDgjrgzeT1SlsGeTz7Ix8fjilJf6n8V9x0W"
    "mLfDbP356AH/AFGuDhBZieCz68M8xH0wNXg9sOmOKf9p78CMOekjegxwO9b4XMv1ZQ8+xH"
    "6M2hg9/6/U9cbCID/g3d8Hb5Q5uZ0DJSQJM2SBP0iea9LGlpd64717Qu+TcP2tS2VguUrL"
    "988eY2igjwHySljxBBR/egkYAfrSwr6KmwyP+9uMBzVjD6oUZcYMCZvrJIJxJq/zfEZQ1N"
    "6w/G2kgZa1qD6eCQItEHQdHURmRwmMhzKQYL/W/NgujRm+PbD//4r4mB8CuR933tDLtfOs"
    "M3H96S19l4fPkDrx88aJEn/9AGdE/3m6CwxziTbw2/qADUCZJy0A4LYrjjKXJwvJunpwKI"
    "41q5mNNnBPUMyhAVRtknkSiLobx07CcTTaFmGkWQzpDVEO2WANatXKRbBGeyUM9+cJeQED"
    "8W82vbgeYj+g2+UORV/BP1oGIG5WBfvU00dWSI/xMOq7A03jUc/Tna4bKjDWOA/zn0KApD"
    "ZTQeqt1xg8L9oE9/POuOoeXg7q4ewh3cZbG/DKivfxtCS6f/Jhf2UdxSjZBPrQ06/lNTE+"
    "4IVIe08iKAUdDzRwWR660MiHYeS34rNcKIzEW7ZSfmYGp2so8WrUW2REd4ABrBu8mbsgse"
    "55CRXAzzDxnJ1VfkkBHW95n+00+U6W/S64+U3X+gnx/j8uaHLLffEjld7O9F8lhRCZZAHi"
    "tem+GVx4p9ocywuyIMWUnc2FXNWTHJt0q+tUyIpvYTJK1oZWJVw5OoZPbLZvYTMpC57sJW"
    "PpgDBMc2/tgM6S1tqcDwOyZkC5yMkms753CUWfrzz0dupqLAESlB4h9emuexaqSp02PLua"
    "8UacZKEf8kc/oxe4a5EDksHeKV8ti0O4N5IcBeXuQylxfy2CSPTT8Lykvb9XRLK7p0ZMgO"
    "h3ajcRCszwWQPs/F+TyLcrhrFNR5ZchqOKZL0ZtL3eIr6xaTrNuOusUailVOMrrFzKzO0S"
    "3yhrXU3R5WdyvFOlJCUQJGnrncEZ+xuazRhN2rrjaYbRxhRDwP8+UQelxnowhigCBAuAlg"
    "zwA+qgOfFv9DyBEerKs8QRN0f6/PZqZl0oFwfw90ZABc5kBds/GDKcRlDlxC3fPJ8frmer"
    "bjkvZ0BEhF4FcEtgPc6dy2LeDaE+TNMYk7tZcQ4PY9SEgQmM5Ny3Agou9ZuaQUNwFc/Gst"
    "CILxAuBfK90yPfwz8cvcPPHE98YPTNA4CQQKf2bEFd8bS9w0Crc7WhdX+d5I/Dn2WQxG6l"
    "mu7IPH8KnI4/N7XDbPZNefYLGprtTjkfyEd63mh48fPp1dfPiEq9CfGZV8XMP3qf3xBkFH"
    "2K8sH62g1YLhOFIYh7RVZqYbN2pfxQzBtzYIryaoc32t9tTOWB302yBxg58MlY42wCVdBT"
    "+JbyZo1P0yGPTawP+eoNvOcNxXhm0QXGSXA6HjvogUq5kvxmpeZE9HrysfrNR56EzkQHSW"
    "fyI6a3HFVVIomDhynosIUXCt/GPnOSNIORah4IHEVHvB2J3bjqdtMZ4ZwtrhfSEir7rIF1"
    "hdMBIrCz5hHrQg0Cmi2oHcbH0S2flan/K3PvIsjTPm5M0nzu53iflkqCM+zjFRBuQHTLUv"
    "lEMGcn8HMh6sl5hvIS0vXPcvixao4wy8dzeXCsadoo4rmb5EJeQik8etlebAGcRMP09klT"
    "+sGUI5tEWGNoENM+GO52o2Z2e8wlDl450izOCNzwXQMxfwPbk4WtkMD+mrzljhoAiRsQ2G"
    "CbKfHUEHPtk/oKHpHF3AVQDGusmfpF6HJbmoFZ5j9UYZjTs3t6lFmKBMnlCbpcVLppSxYY"
    "gaAb+r4y+A3IJ/D/oKRdN2vUeHvjGuN/43UTQ09JVna8h+1nQjiUlYHBalD5MOJLhv0dNp"
    "yhJ6uXLnIPwHjQGyXhqRMPgYuj2YLGt7fbU0tuz1NKXs9ar0Omeys+bNjDRWUNDKEm4Wul"
    "Z/GS9H7JqAlxGEi8LLEEp4WXhf0fimasju1fYmqeURHMApGjl22bH7igZNVUO2fMdIrrNT"
    "QaRZyvqBXYI59brAFHQNYDEvbNpUNzubk6xdU3KxFLAaSzBfEt2N6LKsqgjEMQMmId4MMc"
    "OuVtb28UgRFjN95DHHJcBbwHT3SOEtbrmb8WvbEeFintRHCjLLUe1iwZtY1Rdw8QAdacy7"
    "xo2dLNC+7aCEaY0re2A8KSFa7+0PDS3ckKS3vwBo1A53N6DucBN1hSe5lh/a7eA4AaPLuX"
    "TQqJwTy1GOJvwEuTO8Qmn2isPMFnJnCZqqP1TmjkxC3ZGaQ2upPZpPuzJTX3A7Qzi1HaOu"
    "SDn032GW6sl0zV2Xqq+kjboi5R9gJE5VcUs8Ro5AXxmmp+Hd3Nnd/Zc0peCW6nrWMxdL29"
    "l1pqm0kUvdm85rBNP+HV3XhSZmT82bHF+1reMUUzdT1hFVB0vd8XBf4ptHHZkuHQaAigfc"
    "tfGIt26Q66Ea+/VG/zDrpypdSw/pWhqMt2LmTkmaraxFqrZP18hcpHLQHjD+Tby6HEoDXD"
    "W0hVXAySmc0ut0O6Nu50qpgvL3WMHdNfDNPrmVTMBUXiIFJqTqmnQKtO723Iq9xCPAAJ7N"
    "5SZc8Ia+ALTermVRirWyQ2DPKi3rFQrzuefsCH73buHqkCKUng5V8XQQ8W8Juu6hIGeaJZ"
    "OmzD5vuoZniiArYW8X1HpWDGDRbT07uFL7Ov4RoH/X6xXb10U4rDAY+gH4q1fdU/bIXe3E"
    "MfXsRxN1PA8ulh6PX0o9X8stWaQm3o7iqgK80kw3LczcuHgivjMRCV2+9Air480d2/MsCB"
    "5X0CXxwsASMz76dGqvkEfDiZH7qWVCcmsYeG3mCnpKb38zf/WdWljQ+CQ/oB/kzfPDjfnN"
    "aUFz4ZNCEqFL8/FnEQr90mqdnX1snZ5dfDr/8PHj+afTaG9gH63bJC7Vz2SfSG32m0VH2U"
    "4UZYezdDUUc5Qfn4adGaJws5QScAHAix835DnjOM4ZDDP8SpIY3XWfbccYQhd6XRLijyeM"
    "YSqt5TCWQXXNIfWjtAAifIaN4DsyPmkGFKrwMRYmAqbrrgh7YAOdxicFU/wIt41vEXwG4Q"
    "t5nEUJLe4gq5Haoj1oi0hPanPdLRQlLUVUO+HXHrZ6GdHlJ9mJkr0O/16auLUtej1NWcNe"
    "P5JeDjFZH7jH3S5qjyvDcR1F//rcTWHBdZZMCq5ZowrCLBZDNUEhzVQ2qwJWgfj+MFqAqo"
    "ErKn9ODKrNhhPRvJbalQ2wZlfAErQr5Z3VR0QETv83m1o1eHSy7lxOx4ybqCmSVxUPDmi8"
    "M8nhmBK+B4TzpWlHRl8671rnFyTpCMlg6tk/IDlYA5KKBHIP4zu2JirUDzovEUBUpgo56A"
    "mddl7hI3qaSp7RN57RjysjS+NS6QyD7CcFsrL4VG3gf09QdzD4TVXawP/OLjIiHSESdTs/"
    "5jYTcVtKSvJxl5ISKSmpai8LnaQt3fW0LcUlWVopM6lyT28frF4Gqj+eXj5OC4ajTWgkpW"
    "VSWlYBsc5GadnrCHQo6hxpTtgbaxx0l0st7HohXxfouDYCz3ObymBcYKL34P4+aQR3f0+k"
    "LUQSY9nP0Hk31THnAsIaJ8Dvc64LTKmNiwh5Uo5jeGx7K9c33QyuSf/bFpRin8OKfcL+LL"
    "KtJmmkSaDgllodg9day9ciQ7aikkyGsIYjey/ZRj3TswotHxFB7Zjx8pMSz0zH9TOyFkE4"
    "TVXDgdw8PRVAGtfKT8NInv3Dyo2KQp0ikkiLIb20XZOf1WDN+pygqd3CsZe0okuMUaGxHB"
    "HUDt/yF2a40E2rCLgRQe3A3QtXQc+CXHg360lD2iovx41R98tg0NNG4871dRsk7yaoM1Q6"
    "2uD6Wu0SLWryDj/DFz21M1YHfa1zdaP2cYVs0QThD3U0Hn4Lq6TvJ+i2Mxz3SePBRVZEIN"
    "TvIsx7K595bzHMeywK2KbbY+oDTrFbpX+l9j8XnGkhGcbfv8D92h2rXxXcmfR7gobKr0p3"
    "rFy1QXg1QaO7EalPCqPLbXquKZIQqpmfEap5ke05A05NYytNTJpSamKqrIkhfUVMwDQH6i"
    "6PfRvDv3PkcRzSGmyE6zpX+WOc6tdw+ry56fzxNtW3vUH/c1g9Md26vcFlnnRjOtfR41bz"
    "LacJOfGqPPH8WAuaHweCBlIoIArnEx9OU3e6Ly60ZDcBy54SkwCMD4+z32A3kqGV06nK04"
    "kKbcKgKoW7Okss+7rKfS1NPfMX0Pqaeq6Wxpa9nqaUvV6VXudMdjbov4xJvQe+KDyhF3VN"
    "Zeikb+pG2zAZiFrUPiw/EHVOntxoNJaAbr09KpmJW9ilkokSWlIaSTbEdD16gOf6G0di2h"
    "U0XiioGuL2qoAdyzKa1rf4Hr27pk2M3ZPrCFIouT5MYtdjnHhxtsRg59gNqQIpE48bLQfi"
    "X+16Eq/NGSb95Ik7TsH655iUKRM3p0zUSlrQZe5EmTtR5k58pdyJYapuXlydOIt3vjOWm6"
    "gk4Is1nZuWAWwEdGA49tJeecAyXQ/MbIdEqwUedBZA9+i1n72W53S1RSsTNEH39/psZlom"
    "HUT39zSEPi4jueH9tIq4zIFLiCmJt5ZP+S8XEBEGicTjkpC5NBsjfILOC66AD+UThJvELy"
    "Q+XuR9weABmCXRLdN7wT/G9YhLmG9VdX9/gq/xOMalfmLe6IfQO1+vfH+Pm7Uty36mv8Tf"
    "jWg1/GtBIFnHr/J/J+42QJkhDD5JAam7AOrTuU9GXk0yQtK/PEGPjv1MfmjwF3zbBdry4w"
    "oPJkxp0Fc94gGIEbVs/OG/b01OSUQR1a1AyqFPdQMuzKn2AnXKTLlwQdgz/5qiyuSc/B4m"
    "K/abwJ/Upy3ROdkncVdmnmTSU4TFsVVb1ETu76SPk/9KOtMd1JkuM6BETYMzZFU2W93Wvv"
    "1MxODwLN/g8CxrcGga2i6hlBLkBzRD61Mb3U5PU68axXBPkrZB4maCPmvdwZXSBv53dtsR"
    "8z4Qcj5Y43sgfcKkT9irrzHSJ+yYkY7HJz55bjewA8LaLSH7HdkF4c7SSbRF0MZ4GLyoL2"
    "LcSkx9QLTv+qNbpateq0phZuWm08MMCfmcoGvFv/O/JyjRbBtk3/HqjMuD6XhzjZwb2b4i"
    "dmP8OZGmWmczdrTiHR7CxOQrO84d3Si0V0YEtVtHSg5Zypz6Re3bsnTSxo1j45YU9aSBHS"
    "10y8pFN0lXJ2DPWh8vIkzJzTo4R3hl77GYzu2VCzW8uT3k7Xx8TLN0tVsZyj8SPpn4jz9i"
    "0OwiQKepagdz2QuwH0VSs8xiURWydLXDeS/+/1Ssb+qo8OGbIawf3kIHlNaaA0qLc0AJYS"
    "scNYSlrB3i5S/YRxjpgMI67gzHxc+DCdI2SNxMkNrXboeDz0NlNGqDxM0EkWrXg7t+QEEv"
    "8WmSfGm/d/rjkTYeaENlfDfs48MlrziqrfZ69OdlaqeLScQF8u1HXPCvJqjb6ftv7/UGv7"
    "dB6nabE2v5MTOSOlmu3unuTr3KE+UwpJnxtFqZxnvSQK3Orf509f2Ukh5I9I9y0c2LdyA2"
    "XZlGtpq1h8G3MR52+qPbwXDcBtHlBH1ROr3xlzbwvyfoSh11LtWeOv7WBvH1BHXwdFJHv2"
    "mfh4O72zZI3fpUozEJOxNe4TnauVF737S+0sXTnraXLZmgIDoOJuqqt/ikoUQBc+KiqKXu"
    "oH+lEv1Y1FJUMkF42mpqvzu4wU3E1/gNg67a6Wmdq1/vRuMbpY//PVNE8pjc3PYUvHBp5O"
    "quNxoMv5GsJmwpqftVvWr+Qh7TiwkafFWGWuczfnN4NUFKf4jXEkw6GH8hZXEknzbIf4Z/"
    "7/ju6pva/6x1LoeDDokHky5ItDzq3Cg5DWcf4R7CoHdGZA0MryboBv9cXEC/ypXflb+vUu"
    "k0XdC2T/+QJpfe3dVx+KRFrMFr4YgYGSoZCiMrusHd5Jr4f2rGammZU644/NK2LaijnCgz"
    "3AYyQD8Qi6o9IR2VHHYCXeJNKTV3LtVsWJ+7m0tl+KZJJw2uZPpedWwfBNZvRYZ1THG4Id"
    "08kiEt40DkQ32cEQFkHIifsdc5bAHrwMAY2YoqyxjCOil1SltLWfNmUXwZQhkTghNwwyQv"
    "nPLFOfmC2AxZhYUMW4phRWRn+aIzRnLmu+5oD8Ttptgw5lDKccyO4wV0SIBJ3LxdDF+WUM"
    "LLOaSlHUZEl4kMWf2WCRGhUr5MiVXVJB18BAdwikayEDyDm9XDltscS1m/ISwSnzs/PDeN"
    "zr0myFTgy8ZgLoNMnWQiIaXmsUCQqQR/e0h4KzaWhUN4MacBEYjjI5ocwQIYMydaAYwTS2"
    "wJGI/SrdVzLLO7kkhMuvJAvqo9wsXhXSbixO0Ib/1CzmXhzRwLBOBNnNLKWCXiiAz1BJg9"
    "1ApgnJQ0lAByLQONZIHmSGd2CGAZdNvMsRccHWiRMHl1G+D8qGa7gVQgltmxcGQymNmWWC"
    "3ntmfvHDDW9nenOgIko72JAKQhCHedbBSlPoS1nWueuZTh8A4Uuyza4zjBy5L738boZZqX"
    "rC0QxiwIOAo8GyzsJwh0PyTZv1ww1V1IinVkk/hYQRCxE/A8N6dzP3iYXwT06RQuPRfYDj"
    "DglDg1ubxYZ/t8FSeYFxOWCzPZKeFd4DIRhNTy4Us/kaGyypf354fKOkIHmBJTfXaVW+oL"
    "E15Rw2tixe4bXtMr6nzSVYihNnU88S+zU01Em1B+mITi+R9l2scd0j5GyTPxksmRZglk3Q"
    "wJJfiFwZeGo/nLzHGaEIoYjsqExj+D+4hMbbVHEw8iMtW2sZ5hCaUJDQffKH1E4eHLoZQD"
    "mGOjlDonipp+pYjkwOXgmj2bCyKbJZPYbs4nmIhzfzD9bNUgFjbhSM1cAeVsYp8qAeDamy"
    "Kx27oAxtGklwhvRji7Qgrgm2QFSoC4XlnOsvhy+KYcywKZeXQ7G6+dM4/uU3GTULlzVDdp"
    "hXy+8iZhAiCmtyENg0fzCSKqNgnSyDy84Mul7nh4HADbedSR6VIVHXizJFlSQestq5fZrS"
    "kRvUt6E6Wv0vDfkNqVg2pXdkmNcfi8GMWBbpDwP73OcPRFvfVjAQU3E9RTv5IwON3BaDxq"
    "g+TdBPFjG/WUzrBPao3ubv2H2ZIJuu4pf6iXPUULH7UBUzRBXwfdMDMHbl/163EKw3hKWr"
    "czVMKgSvSGxA2664+UHiWNr3E5/ic9bah8VvE2HgTyYcsmiAYLagP6tY2yqPwIZdEiwAzI"
    "/IjaSZod42lXlJnjwcsJqK0vSJQa7UGf8wTReLtc6FaOr3WaMouiT/o+aOJoWQoujEpXve"
    "n03jRbJ61MmJXITZgJgFlUtSY1alKjJjVqBTRqAYNZTOaXJpISP64agBwlttICZAklvlIL"
    "sFdcpaT6dSTVwTIqZagCfnCpHUdIghoto4eT7x0ruuyek4Pw60j4fHcRjnAv8iPJl+stoy"
    "oClti0MvD0HxD5CaGpq8IJIPmaoQGeTTw2Vh5YQE8nQp4TWoKrefPV4gHpJje/dDmNikj5"
    "UiHDbXxN/ljWtrqYzC8/TPnOkcm3kP01/nu2Qn5aavom8vHhf17hALYxVnm+EDDqGAbr9T"
    "mNknS1CY1bRkIjMo9IvpwfkLPSrwlYkyarslxVHNX9Z4CJVqWieDOENRDRHABv/EaPOhUR"
    "mArAnaWr4fjeQ/4X838h5oE8yHGByT9UpojkoZJzWH82DY8TKCEX0qh+bTa60qCc44MLT+"
    "mQi2VMIMFkWIe53jq/KMQ1RBQ1XFAvRJSMF/lKxgtGySh1CvnQ11enIGWz+1mutskmVlIa"
    "sapBu/3ZfI2w+ymMurGjtLBu0TtOMuLC5JgSiVsodQjl6hBeRwrrj2qOFDYa7vlS2GhmbZ"
    "bCDhAEM9uy7Od3qyWwZ6E95HswnkNgGsB0cRGZzMDDBVPLxHjhKjZpzCXmkw70nBdSzTTg"
    "YmmTYzArl93fa4rbYyZSm/nS2qS1ePZh8l6Kcl9VlHt80TK2sOmUWWL3Z4O5WwJTmblUZi"
    "6VmUv3KxGW9qcHsz/dPj9s6alhK3p6qLpsKMRkrXCIRCwk3C/nOGjZes60ShJl+ndGqCqz"
    "3ZViKD+4u+wp4HaIV8IRXkXTfUgfkqLYfH6IN9FsxmUbPW4Bc5JK4iyAsz6drvA0etE4Ya"
    "jXAJ0mk0iLID3zoKNNLXwAZ6Fem/U4QynTHRdIdxyaEcx1l6PA3Wx+ENJV+YgrtWVHAH19"
    "tWXSU+Rwnjg6tZPfHuYUvUSbZ1Ih8zJKb6dK4yq9nV7H20kGjBKGtnC0KOnrVL6v03oeQo"
    "7jYlCnOKfCdg0y/dA63NMaC5lXh4vR3k1jKGB55jEhmhtMZGhWJFpPyE6GBIUitiskeFno"
    "WAhm9gqXUqMVGkeMDgi+AUxBeo5ly/fYtIf+9D83mLrElYTtVi7Nx58l8tgvrdbZ2cfW6d"
    "nFp/MPHz+efzqNGFz20TpO91L9TJjdk6RIY3N8snDwbWOMENJWWdAn45MdUXwyeeSVRuTS"
    "iPxoQd3eiLzbGXU7V4q0Ia+hDTlJR8lhkYMslfnMsRdUEMqmSPJMAxLWHOjoxUa4lmOvcC"
    "+T4LqErdUdqGOud2ZOoZ/YcGo/QccFpucCd/UQZrTn508ss3ERS3HSnua3x8mZ6JulE2UT"
    "Xp8oZAlNIK2RwMdXxsqYvweN+UvGKz5mPWLoDFhYjc6nLofHfl3Y96xKx0uJY/9tLjAeRP"
    "TEYr4+2AqHvEapeMqIuiLN+KQZX31wTv4qBul1iTxTZFWWfVTW7JthUApsjzzaWnTC3i3N"
    "bOQRProA1gmSGjg3ZKRXp6ci4qvT03z51SkTuvz4vAPxythV1K+B700BuWpIR7zv/KsJuu"
    "mMu1+on49/QfzxRoo2uFX6furs6Ib6cd2oI99NKLzcRgrZvBDoxmbW1i+RUvsi24lRqubi"
    "ubU5pDWYOIfeHtgTrvCCxVDWAH5pgixNkE9kWu1KcMMV6uQQk7W9zIoSBWV9LGGNhCGlKd"
    "Zk1vI9grvQvekcg7SVVphPLGHm2JnHGgouxGsCIzKUdTyIi7Bb+dzW2w3W5zGEZeg5060d"
    "Ge7Cuk5m2AlY8yb2sxKAFjbjrdjaIQoxu/sLQJxZcssYz8J6+yPFmb9LyUzGZWJc7UzGnZ"
    "VhegrynJcGx0gi8fRkna2ETuppMKq40Wbi97kNDNMAz3PdO8GfEJ0Qa4bnuTmdA9+G3z3x"
    "bR78skCk8h704RN0gA5ciE//HIOJUlsWspaYeraT9jUIDSH0aaimiUqKRtCTlsjk2SEskY"
    "sLIqTYqVoSCRGxUzwlRU8ZMUUdTxelS3M93cGLpQ9SAZQzZLUTm5cfJi5AzOR5Xv06GvTX"
    "4hxQZdcufKQB/wcsfLrZG9xxDNaHlWl5JnLfk/e9RhhWgtJ65VFWT5RZj0gDWeWRu5pOuV"
    "qjtfGCElQHjBUUbvLHGypIauoOubYb0NNNq9B6kyCpxmJDXlubxcY/exRTrCRIpDiaXVI4"
    "x7lCyO4erqeGAK+RQFPUpBBpk0A0MWsFxHPJoSjFzYLo5oeLeG0hnbogLkCXRFjb4Ejpko"
    "9P1onpTFpRe4hqCnn8+1R+voqZacE2la0B0wPPuktEbDZwSaIKkmBYR77kDUzxTyQkUCdi"
    "N/uZHwygvKY3S+qkD9IhfZBImAc+P77ZDjWkrbK8peEH7x+FUfxHfjx7pU98+cOr7JgXsi"
    "cVERQ08wUFTUZQQCaWRm+4/cEf5ymiKnfEtubX+0icS0ErnuAxQ1ZDtMs/ih6fpfsWa8zV"
    "8Js2vOu3QXCRyN6RSNlBsoaoPVLkf1dj1cEbMwZ8xdPD54c9TdLI1LGMtCswdy4KK0Mnoc"
    "1Cu1oaW0HL0EloGRvV1dIyp8SruSi4HEoJbxZe6Dj47FoU2gyVhJULayFJd0xRDUF3vbRq"
    "nu5s5yOUppTGGsdkrDEzkenOt+r2DKn0Eqq0l9A22hapZ9nE0lq2vo1zEEso4d2oxkqAJp"
    "VZG9Qt7AATUWlJZZagMmsnNRYT/nDHuN61c6HYa1DvDnRMvo4veHKy1go/rrNJsZcPg1Sk"
    "VUuRRiI5FrRYTpBUWbxdJc0NmVQFEA6q1xDdplBYouaasERNNixRkJmxiDQlQXJ4ccrrHN"
    "tKE5wwbOohrVb++X9/wbf4"
)
