"""Report tallies: children per term, affiliation, area office, status and reason, and per need.

Written by hand, because Aerich does not write triggers. Triggers on "student" keep both
tables in the same transaction as every change of a child, and the last statement of each
part fills the table from the children already stored. services/reports.py reads them for
ministry and affiliation reports without a date range. The models are unchanged, so
MODELS_STATE is the previous migration's.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return r"""
        CREATE TABLE IF NOT EXISTS "report_tally" (
    "academic_year" INT NOT NULL,
    "semester" SMALLINT NOT NULL,
    "affiliation_id" INT NOT NULL,
    "area_office_id" INT NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "reason" VARCHAR(32) NOT NULL,
    "children" INT NOT NULL,
    PRIMARY KEY ("academic_year", "semester", "affiliation_id", "area_office_id", "status", "reason")
) /* Children per term, affiliation, area office (0: none), status and reason ('': none), kept by triggers on student. */;
CREATE TRIGGER IF NOT EXISTS "report_tally_insert" AFTER INSERT ON "student"
WHEN NEW."merged_into_id" IS NULL
BEGIN
    INSERT INTO "report_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "status", "reason", "children")
    SELECT NEW."academic_year", NEW."semester", NEW."affiliation_id", COALESCE(NEW."area_office_id", 0),
           NEW."status", COALESCE(NEW."latest_reason", ''), 1
    WHERE 1
    ON CONFLICT ("academic_year", "semester", "affiliation_id", "area_office_id", "status", "reason")
    DO UPDATE SET "children" = "children" + 1;
END;
CREATE TRIGGER IF NOT EXISTS "report_tally_delete" AFTER DELETE ON "student"
WHEN OLD."merged_into_id" IS NULL
BEGIN
    UPDATE "report_tally" SET "children" = "children" - 1
    WHERE "academic_year" = OLD."academic_year" AND "semester" = OLD."semester"
      AND "affiliation_id" = OLD."affiliation_id" AND "area_office_id" = COALESCE(OLD."area_office_id", 0)
      AND "status" = OLD."status" AND "reason" = COALESCE(OLD."latest_reason", '');
END;
CREATE TRIGGER IF NOT EXISTS "report_tally_update"
AFTER UPDATE OF "academic_year", "semester", "affiliation_id", "area_office_id", "status", "latest_reason", "merged_into_id" ON "student"
WHEN OLD."academic_year" IS NOT NEW."academic_year" OR OLD."semester" IS NOT NEW."semester"
  OR OLD."affiliation_id" IS NOT NEW."affiliation_id" OR OLD."area_office_id" IS NOT NEW."area_office_id"
  OR OLD."status" IS NOT NEW."status" OR OLD."latest_reason" IS NOT NEW."latest_reason"
  OR OLD."merged_into_id" IS NOT NEW."merged_into_id"
BEGIN
    UPDATE "report_tally" SET "children" = "children" - 1
    WHERE OLD."merged_into_id" IS NULL
      AND "academic_year" = OLD."academic_year" AND "semester" = OLD."semester"
      AND "affiliation_id" = OLD."affiliation_id" AND "area_office_id" = COALESCE(OLD."area_office_id", 0)
      AND "status" = OLD."status" AND "reason" = COALESCE(OLD."latest_reason", '');
    INSERT INTO "report_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "status", "reason", "children")
    SELECT NEW."academic_year", NEW."semester", NEW."affiliation_id", COALESCE(NEW."area_office_id", 0),
           NEW."status", COALESCE(NEW."latest_reason", ''), 1
    WHERE NEW."merged_into_id" IS NULL
    ON CONFLICT ("academic_year", "semester", "affiliation_id", "area_office_id", "status", "reason")
    DO UPDATE SET "children" = "children" + 1;
END;
INSERT INTO "report_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "status", "reason", "children")
SELECT "academic_year", "semester", "affiliation_id", COALESCE("area_office_id", 0), "status", COALESCE("latest_reason", ''), COUNT(*)
FROM "student" WHERE "merged_into_id" IS NULL
GROUP BY "academic_year", "semester", "affiliation_id", COALESCE("area_office_id", 0), "status", COALESCE("latest_reason", '');
CREATE TABLE IF NOT EXISTS "report_need_tally" (
    "academic_year" INT NOT NULL,
    "semester" SMALLINT NOT NULL,
    "affiliation_id" INT NOT NULL,
    "area_office_id" INT NOT NULL,
    "need" VARCHAR(24) NOT NULL,
    "children" INT NOT NULL,
    PRIMARY KEY ("academic_year", "semester", "affiliation_id", "area_office_id", "need")
) /* Children whose newest visit recorded each need ('*': any need), per term, affiliation and area office (0: none). */;
CREATE TRIGGER IF NOT EXISTS "report_need_tally_insert" AFTER INSERT ON "student"
WHEN NEW."merged_into_id" IS NULL AND NEW."latest_visit_id" IS NOT NULL
BEGIN
    INSERT INTO "report_need_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "need", "children")
    SELECT NEW."academic_year", NEW."semester", NEW."affiliation_id", COALESCE(NEW."area_office_id", 0), needs."need", 1
    FROM (SELECT "need" FROM "visit_need" WHERE "visit_id" = NEW."latest_visit_id"
          UNION SELECT '*' WHERE EXISTS (SELECT 1 FROM "visit_need" WHERE "visit_id" = NEW."latest_visit_id")) AS needs
    WHERE 1
    ON CONFLICT ("academic_year", "semester", "affiliation_id", "area_office_id", "need")
    DO UPDATE SET "children" = "children" + 1;
END;
CREATE TRIGGER IF NOT EXISTS "report_need_tally_delete" AFTER DELETE ON "student"
WHEN OLD."merged_into_id" IS NULL AND OLD."latest_visit_id" IS NOT NULL
BEGIN
    UPDATE "report_need_tally" SET "children" = "children" - 1
    WHERE "academic_year" = OLD."academic_year" AND "semester" = OLD."semester"
      AND "affiliation_id" = OLD."affiliation_id" AND "area_office_id" = COALESCE(OLD."area_office_id", 0)
      AND "need" IN (SELECT "need" FROM "visit_need" WHERE "visit_id" = OLD."latest_visit_id"
                     UNION SELECT '*' WHERE EXISTS (SELECT 1 FROM "visit_need" WHERE "visit_id" = OLD."latest_visit_id"));
END;
CREATE TRIGGER IF NOT EXISTS "report_need_tally_update"
AFTER UPDATE OF "academic_year", "semester", "affiliation_id", "area_office_id", "latest_visit_id", "merged_into_id" ON "student"
WHEN OLD."academic_year" IS NOT NEW."academic_year" OR OLD."semester" IS NOT NEW."semester"
  OR OLD."affiliation_id" IS NOT NEW."affiliation_id" OR OLD."area_office_id" IS NOT NEW."area_office_id"
  OR OLD."latest_visit_id" IS NOT NEW."latest_visit_id" OR OLD."merged_into_id" IS NOT NEW."merged_into_id"
BEGIN
    UPDATE "report_need_tally" SET "children" = "children" - 1
    WHERE OLD."merged_into_id" IS NULL
      AND "academic_year" = OLD."academic_year" AND "semester" = OLD."semester"
      AND "affiliation_id" = OLD."affiliation_id" AND "area_office_id" = COALESCE(OLD."area_office_id", 0)
      AND "need" IN (SELECT "need" FROM "visit_need" WHERE "visit_id" = OLD."latest_visit_id"
                     UNION SELECT '*' WHERE EXISTS (SELECT 1 FROM "visit_need" WHERE "visit_id" = OLD."latest_visit_id"));
    INSERT INTO "report_need_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "need", "children")
    SELECT NEW."academic_year", NEW."semester", NEW."affiliation_id", COALESCE(NEW."area_office_id", 0), needs."need", 1
    FROM (SELECT "need" FROM "visit_need" WHERE "visit_id" = NEW."latest_visit_id"
          UNION SELECT '*' WHERE EXISTS (SELECT 1 FROM "visit_need" WHERE "visit_id" = NEW."latest_visit_id")) AS needs
    WHERE NEW."merged_into_id" IS NULL
    ON CONFLICT ("academic_year", "semester", "affiliation_id", "area_office_id", "need")
    DO UPDATE SET "children" = "children" + 1;
END;
CREATE TRIGGER IF NOT EXISTS "report_need_tally_need_insert" AFTER INSERT ON "visit_need"
BEGIN
    INSERT INTO "report_need_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "need", "children")
    SELECT s."academic_year", s."semester", s."affiliation_id", COALESCE(s."area_office_id", 0), needs."need", 1
    FROM "student" s,
         (SELECT NEW."need" AS "need"
          UNION ALL SELECT '*' WHERE (SELECT COUNT(*) FROM "visit_need" WHERE "visit_id" = NEW."visit_id") = 1) AS needs
    WHERE s."id" = NEW."student_id" AND s."latest_visit_id" = NEW."visit_id" AND s."merged_into_id" IS NULL
    ON CONFLICT ("academic_year", "semester", "affiliation_id", "area_office_id", "need")
    DO UPDATE SET "children" = "children" + 1;
END;
CREATE TRIGGER IF NOT EXISTS "report_need_tally_need_delete" AFTER DELETE ON "visit_need"
BEGIN
    UPDATE "report_need_tally" SET "children" = "children" - 1
    WHERE ("academic_year", "semester", "affiliation_id", "area_office_id") =
          (SELECT s."academic_year", s."semester", s."affiliation_id", COALESCE(s."area_office_id", 0) FROM "student" s
           WHERE s."id" = OLD."student_id" AND s."latest_visit_id" = OLD."visit_id" AND s."merged_into_id" IS NULL)
      AND ("need" = OLD."need" OR ("need" = '*' AND NOT EXISTS (SELECT 1 FROM "visit_need" WHERE "visit_id" = OLD."visit_id")));
END;
INSERT INTO "report_need_tally" ("academic_year", "semester", "affiliation_id", "area_office_id", "need", "children")
SELECT s."academic_year", s."semester", s."affiliation_id", COALESCE(s."area_office_id", 0), needs."need", COUNT(*)
FROM "student" s
JOIN (SELECT "visit_id", "need" FROM "visit_need" UNION ALL SELECT DISTINCT "visit_id", '*' FROM "visit_need") AS needs
  ON needs."visit_id" = s."latest_visit_id"
WHERE s."merged_into_id" IS NULL
GROUP BY s."academic_year", s."semester", s."affiliation_id", COALESCE(s."area_office_id", 0), needs."need";
        """


async def downgrade(db: BaseDBAsyncClient) -> str:
    return r"""
        DROP TRIGGER IF EXISTS "report_need_tally_need_delete";
DROP TRIGGER IF EXISTS "report_need_tally_need_insert";
DROP TRIGGER IF EXISTS "report_need_tally_update";
DROP TRIGGER IF EXISTS "report_need_tally_delete";
DROP TRIGGER IF EXISTS "report_need_tally_insert";
DROP TABLE IF EXISTS "report_need_tally";
DROP TRIGGER IF EXISTS "report_tally_update";
DROP TRIGGER IF EXISTS "report_tally_delete";
DROP TRIGGER IF EXISTS "report_tally_insert";
DROP TABLE IF EXISTS "report_tally";
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
