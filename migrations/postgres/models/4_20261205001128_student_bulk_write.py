from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


# Faster bulk imports (docs/imports.md). Five foreign keys of "student" only repeat what
# every writer copies from the school or from the reference data, and each cost about a
# second per 300,000 imported rows. The unique index on (national_id, academic_year,
# semester, school_id) already serves lookups by national ID, and the index on the term
# matches too many children to help (a list contains few terms). Aerich does not write
# foreign-key changes for db_constraint, so those are written here by hand. The tally
# triggers get a WHEN clause, so that a bulk load (which recounts the tallies once at its
# end) skips them without calling them for each row.
async def upgrade(db: BaseDBAsyncClient) -> str:
    return r"""
        DROP INDEX IF EXISTS "idx_student_nationa_a9e908";
        DROP INDEX IF EXISTS "idx_student_academi_1c67b6";
        ALTER TABLE "student" DROP CONSTRAINT IF EXISTS "student_area_office_id_fkey";
        ALTER TABLE "student" DROP CONSTRAINT IF EXISTS "student_affiliation_id_fkey";
        ALTER TABLE "student" DROP CONSTRAINT IF EXISTS "student_subdistrict_id_fkey";
        ALTER TABLE "student" DROP CONSTRAINT IF EXISTS "student_district_id_fkey";
        ALTER TABLE "student" DROP CONSTRAINT IF EXISTS "student_province_id_fkey";
        DROP TRIGGER IF EXISTS "report_tally_follow" ON "student";
        CREATE TRIGGER "report_tally_follow"
        AFTER INSERT OR DELETE OR UPDATE OF "academic_year", "semester", "affiliation_id", "area_office_id", "status", "latest_reason", "merged_into_id"
        ON "student" FOR EACH ROW WHEN (current_setting('pakongklab.bulk_load', true) IS DISTINCT FROM 'on')
        EXECUTE FUNCTION "report_tally_follow"();
        DROP TRIGGER IF EXISTS "report_need_tally_follow" ON "student";
        CREATE TRIGGER "report_need_tally_follow"
        AFTER INSERT OR DELETE OR UPDATE OF "academic_year", "semester", "affiliation_id", "area_office_id", "latest_visit_id", "merged_into_id"
        ON "student" FOR EACH ROW WHEN (current_setting('pakongklab.bulk_load', true) IS DISTINCT FROM 'on')
        EXECUTE FUNCTION "report_need_tally_follow"();"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return r"""
        CREATE INDEX IF NOT EXISTS "idx_student_nationa_a9e908" ON "student" ("national_id");
        CREATE INDEX IF NOT EXISTS "idx_student_academi_1c67b6" ON "student" ("academic_year", "semester");
        ALTER TABLE "student" ADD CONSTRAINT "student_area_office_id_fkey"
            FOREIGN KEY ("area_office_id") REFERENCES "agency" ("id") ON DELETE RESTRICT;
        ALTER TABLE "student" ADD CONSTRAINT "student_affiliation_id_fkey"
            FOREIGN KEY ("affiliation_id") REFERENCES "agency" ("id") ON DELETE RESTRICT;
        ALTER TABLE "student" ADD CONSTRAINT "student_subdistrict_id_fkey"
            FOREIGN KEY ("subdistrict_id") REFERENCES "subdistrict" ("code") ON DELETE RESTRICT;
        ALTER TABLE "student" ADD CONSTRAINT "student_district_id_fkey"
            FOREIGN KEY ("district_id") REFERENCES "district" ("code") ON DELETE RESTRICT;
        ALTER TABLE "student" ADD CONSTRAINT "student_province_id_fkey"
            FOREIGN KEY ("province_id") REFERENCES "province" ("code") ON DELETE RESTRICT;
        DROP TRIGGER IF EXISTS "report_tally_follow" ON "student";
        CREATE TRIGGER "report_tally_follow"
        AFTER INSERT OR DELETE OR UPDATE OF "academic_year", "semester", "affiliation_id", "area_office_id", "status", "latest_reason", "merged_into_id"
        ON "student" FOR EACH ROW EXECUTE FUNCTION "report_tally_follow"();
        DROP TRIGGER IF EXISTS "report_need_tally_follow" ON "student";
        CREATE TRIGGER "report_need_tally_follow"
        AFTER INSERT OR DELETE OR UPDATE OF "academic_year", "semester", "affiliation_id", "area_office_id", "latest_visit_id", "merged_into_id"
        ON "student" FOR EACH ROW EXECUTE FUNCTION "report_need_tally_follow"();"""


MODELS_STATE = (
    "eJztXW1z4jqW/iuqfNnuqnQmIZ10T2p3qwhxuplLIAuk7/Q0U46DleBqIzO2SW529v73PZ"
    "Jt/CIZZDDEuPUlsWUd2Tx6Ozqv/z6YOia2vaMry/Nda+wfXKB/HxBjiuGCe3aIDozZLH5C"
    "C3zjwWaVzWStB7g2WGuPhu1hKDKxN3atmW85hNZuoqg+ejeaH+OGSf+entK/H49ZSfDX/E"
    "tcdNygf0/O3h+in/gVm+jhFVm+hz5+MK0ny0dXvdsmGsOnHdGPMJ0xfQN52tH75sT61xzr"
    "vvOE/Ql24a0//gnFFjHxH9iLbmc/9UcL22YKaNoGbYI90f3XGSttTQz3mtWlv+ZBHzv2fE"
    "qS9Wev/sQhCwL4gbT0CRPsGj42E/CTuW2HPRUVBd8LBb47x4sPNeMCEz8ac5t2IqUOviEu"
    "O9D1bm+oD7Shrh9wHRxRJPogLBo7hA4Oi/gew2Bq/KHbmDz5E7j9+GfwmhiIoBJ937dmv/"
    "W12X/38T19nQPjKxh43fBBgz75kzVg+EbQBIM9xpn+1+FFBaBOkJSDdlQQwx1PkZ3jfXJ8"
    "LIE41MrFnD2jqGdQxqQwygGJQlkO5ZnrPFtkjHXLLIJ0hqyGaDcksG7kIt2gONOF+vGncA"
    "mJ8OMxv3ZcbD2R3/ArQ74Nn2iEFTMoh/vqbaKpPUP8z2hYRaXxruEaL4sdLjvaAAP45dhn"
    "KPS1wbDfbg0PGNwPxvjni+Gaeg7u3vwh2sE9HvvLkPr6tz62DfZrcmEfxC3VCPnU2mDAjx"
    "pbeEOgmrSVVwmMwp7fK4g8f25isvFYClqpEUZ0LjoNJzEHU7OTfzRtTLMlBoEBaIbvpm/K"
    "LniCQ0ZyMcw/ZCRXX5lDRlQ/YPqPPzOm/4Rdf2Ls/gP7+ykuP/mY5fYbMqeL7b1IHSsqwR"
    "KoY8VbM7zqWLEtlDl2V4YhK4kbu6o5K6b4VsW3lgnR2HnGtBW9TKxqeBJVzH7ZzH5CBjIx"
    "PNzIB7NH8NCBP6shvWUtFRh++4RsgZNRcm0XHI4yS3/++cjLVJQ4IiVIgsPLyVmsGjkx2L"
    "HlLFCKnMRKkeAkc/wpe4Y5lzks7eKV6ti0OYN5LsFenucyl+fq2KSOTb8KyjPH8w1bL7p0"
    "ZMh2h/bBwU6wPpNA+iwX57MsytGuUVDnlSGr4ZguRW+udItvrFtMsm4b6hZrKFY5zOgWM7"
    "M6R7coGtZKd7tb3a0S6ygJRQkY+dZsQ3yG1qxGE3arutpwtgmEEfE8zJdDGHGdlSKIHsGI"
    "QBPIeURwVEcBLfxCLBAeLKs8IiNyf288Plq2xQbC/T0yiImgzMWG7sCDMYYyF8+w4QfksL"
    "55vuN6tD2DIFoRBRWR4yJvPHEcG3nOiPgTIPHGzgwjaN/HlISg8cSyTRcT9p65R0uhCeTB"
    "19oYheMF4X/NDdvy4TPhZV6eeOLHwU8gODgMBQr/zIgrfhzMoGkSbXesLlT5cZD4cfyzGI"
    "zUs1zZh4jhaxNfzO8J2TyLX3/Cxaa6Uo8n+gkfGicfP338fHr+8TNUYZ+5KPm0hO9rd4cr"
    "BB1Rv/J8tEbmU47jSGEc0VaZmT64aXfbwBB8v0DR1Yg0r6/bnXZz2O51L1DiBp70tabeg5"
    "KWBk/imxEZtL72ep0LFPwfkdtmf9jV+hcovMguB1LHfRkp1km+GOvkPHs6elv5YKXOQ6cy"
    "B6LT/BPRaUMorlJCwcSR80xGiAK18o+dZ5wgZV+EgjsSU20FY2/iuL6+xnjmCGuH97mMvO"
    "o8X2B1zkmsbPwMPGhBoFNEtQP5pPFZZudrfM7f+uizNM7AyVvPgt3vEvhkbBAxzjFRBuQH"
    "oNoWyhEDub0DmQjWS+BbaMtTz/uXzQrawwy8dzeXGuDOUIdKViBRibjI5HFrrrv4EQPTLx"
    "JZ5Q9rjlANbZmhTWEDJtz1Pd0R7IxXAFU+3inCDN5wLsC+NcVH9GJvZTMipK+aQ02AIibm"
    "OhgmyH51BF387PzEpm4IdAFXIRjLJn+SehmW9KJWeA7bN9pg2Ly5TS3CFGX6hNksTV8zpZ"
    "wNw6IR9Ht7+BXRW/SPXldjaDqe/+SyN8b1hv+gioYDY+47OnFedMNMYhIVR0Xpw6SLKe5r"
    "9HSasoRertw5CH6g2SP268FCGLwP3R5OlqW9Pp+Za/Z6mlL1elV6XTDZefNmThorKWjlCV"
    "cLXau/jJcjdk3AywnCZeHlCBW8PLxvaHxTNWS3anuT1PJIDuAUjRq7/Nh9Q4OmqiFbvmOk"
    "0NmpINI8Zf3ALsGcellgCrYG8JgXNm2qm53NYdauKblYSliNJZgvhe5KdHlWVQbimAFTEK"
    "+GmGNXK2v7uKcIy5k+ipjjEuAtYLq7p/AWt9zN+LVtiHAxT+o9BZnnqDax4E2s6lM8fcCu"
    "MuZd4sZOF+jAdlDBtMSVPTSeVBAt9/bHph5tSMrbXwI0Zoe7GVB30ERd4Umu5bt2O9hPwN"
    "hyrhw0KufEspejCZ4Q7xFWKN2ZC5jZQu4sYVP1h8rakEmoO1ITbM/0J+t5U2bqK7TTx2PH"
    "NeuKlMt+HbBUz5ZnbbpUfaNt1BWp4ACjcKqKW+I+cgTG3LR8HXZzd3P3X9qUBi3V9axnTW"
    "eOu+lMa7NGLg1/PKkRTNt3dF0Wmpg/Na9yfNXXjlPM3Ex5R1QDzQzXh76EmyeDWB4bBoiJ"
    "B7yl8YjXblDooRr79S5+YdZPVbmW7tK1NBxvxcydkjRrWYtUbZ+ukblI5aDdYfybeHXZlQ"
    "a4amhLq4CTUzil12k1B63mlVYF5e++grtp4JttciuZgKmiRApcSNUl6RRY3fW5FWcGI8BE"
    "viPkJjz0jr0ANd4vZVGKtbJBYM8qLesVCvO55ewIQfeu4eqQIlSeDlXxdJDxbwm77qEgZ5"
    "olU6bMAW+6hGdaQFbC3i6p9awYwLLbenZwpfZ1+AjUvet0iu3rMhxWFAx9B/zVm+4pW+Su"
    "NuKYOs6TRZq+j6czX8QvpZ4v5ZZsWhO2o7iqBK/0aFg2MDceTMQPFqGhy2c+ZXX8iev4vo"
    "3R0xx7NF4YmgHjY4zHzpz4LJwYvR/bFqa3pglrs1DQU3r7q/mrH8zCgsUn+YmDIG9+EG4s"
    "aE4Pm4ueFJIIXVpPv4pQ6K+Nxunpp8bx6fnns4+fPp19Pl7sDfyjZZvEZfsL3SdSm/1q0V"
    "G2E2XZ4SxdDcUc5cen4WeGLNw8pQJcAvDixw11ztiPcwbHDL+RJMbwvBfHNfvYw36LhvgT"
    "CWO4Sks5jFlYXXdp/UVaABk+wyH4Ax2fLAMKU/iYU4sgy/PmlD1wkMHik6IxPIK24ZbgFx"
    "S9UMRZlNDiBrIapS3agraI9qQ+MbxCUdJSRLUTfm1hq1cRXX6RnSjZ6/iPmQWtrdHracoa"
    "9vqe9HKEyfLAPd56UXs8FY5rL/o34G4KC66zZEpwzRtVUGaxGKoJCmWmsloVMA/F97vRAl"
    "QNXFn5c2JQrTacWMxrpV1ZAWt2BSxBu1LeWX1AReDsd/OpVcNHh8vO5WzMeImaMnlVYXBg"
    "84NFD8eM8AhRzpelHRl8bX5onJ3TpCM0g6nv/MT0YI1oKhIsPIxv2JqsUD/svEQAUZUqZK"
    "cndNZ5hY/oaSp1Rl95Rt+vjCwHl1qzH2Y/KZCVJaC6QMH/EWn1er+1tQsU/M8uMjIdIRN1"
    "Oz/mNhdxW0lK8nFXkhIlKalqL0udpG3D8/U1xSVZWiUzqXJPrx+sXgWq359e3k8Lhr1NaK"
    "SkZUpaVgGxzkpp2dsIdBjqAmlO1BtLHHRnMz3qeilfF+x6DkEvE4fJYDxkkSN0f580gru/"
    "p9IWKomxnRfsfhgbwLmgqMYhCvpc6AJTauMyQp6U4xiMbX/uBaab4TXtf8fGSuyzW7FP1J"
    "9FttUkjTIJlNxSq2PwWmv52sKQragkkyOs4cjeSrZR3/LtQsvHgqB2zHj5SYkfLdcLMrIW"
    "QThNVcOBfHJ8LIE01MpPw0if/cnLjYpCnSJSSMshPXM8S5zVYMn6nKCp3cKxlbSiM8Co0F"
    "heENQO3/IXZjw1LLsIuAuC2oG7Fa6CnQWF8K7Wk0a0VV6ODwatr71eRx8Mm9fXFyh5NyLN"
    "vtbUe9fX7RbVoibv4BlcdNrNYbvX1ZtXN+0uVMgWjQj8aQ+G/e9RlfT9iNw2+8MubTy8yI"
    "oIpPpdhnlv5DPvDY55j0UB63R7TL3DKXarda/a3S8FZ1pEBvgHF9CvrWH7mwadyf6PSF/7"
    "m9YaalcXKLoakcHdgNanhYvLdXruRCYh1El+RqiT82zPmXhsmWtpYtKUShNTZU0M7StqAq"
    "a72PBE7NsQ/5EjjxOQ1mAjXNa52t+HqX6Nps+7m+bf36f6ttPrfomqJ6Zbq9O7zJNujCcG"
    "eVprvuU0oSZelSdeEGtBD+JAsEAKBUThYuLdaeqOt8WFluwmYDtjahIA+Ig4+xV2IxlaNZ"
    "2qPJ2Y0CYKqlK4q7PEqq+r3NfK1DN/Aa2vqed8Zq7Z62lK1etV6XXBZOeD/quY1Fvgi6IT"
    "elHXVI5O+aautA1Tgahl7cPyA1Hn5MldjMYS0K23RyU3cQu7VHJRQktKI8mHmK5HD4hcf+"
    "NITJuCJgoFVUPc3hSwfVlG0/qWwKN307SJsXtyHUGKJNe7Sey6jxMvzpYY7hybIVUgZeJ+"
    "o+Vi+GrPV3itzjAZJE/ccArWP8ekSpm4OmWiXtKCrnInqtyJKnfiG+VOjFJ1i+LqxFm885"
    "2xvEQlCV+s8cSyTeQQZCDTdWbO3Ee25fno0XFptFrkY3eKDJ9dB9lrRU5Xa7QyIiNyf288"
    "Plq2xQbR/T0LoQ9lNDd8kFYRylw8w0BJvbUCyv/wEBVh0Eg8Hg2Zy7Ix4mfsvkIFOJSPCD"
    "QJL6Q+XvR94eBBwJIYtuW/wsd4Pns9i/Zzfx80C69yHgOnMIv8pCF/EBPEwEIRhPa3DXgp"
    "bdSgP4tKVdBP/ArNMyLqhvQAR/gj9qtSvyD8Velf6tIYwDMLvuvRdaaJn3cY1vfmD6ZFMR"
    "779/eHtNX4NqwSiR6gYNGIi4FfwjQFFP0i9M6AvsFUg4sSDR7SdJVQe0QWkEZtvT9ED68h"
    "nCxI8czwJwHGL64F0FG6KXoXrg6HiKbqhb8R6wdfimFh9N4foWYKJxgc2BhPoFEYF8YDHS"
    "IG8oBnCdMmnB4fHx4fH6OgYfhe13mhHTgit4EoffA/HTaewl8UfNPYIMSBcWZYNnpHB+Vf"
    "wg87mprwU9jwgLMuwGKHma/wHwDCiDi078O+6/Vv0DvANznV/+uazpj7+/fUeTCwv4NugG"
    "toB8ZPkMJ50RPsLrBAuL+HAejYtvPC2g74FlaN9nmog4ne7MEED7CDaUqThRpegBIjo6+m"
    "uUPZkBmRpxCRqHeYlQtr+WkOyw5QmuxVT/D9gLFNgQ7etyT7KGGwGHYoDzPGhomn1lh/xQ"
    "Zjuz08pYx8cM0GC5ed9EeU1jpoAv4y78fEJMg+iadC5kkmkUlUHNs/0hLlRrlLN8rMAJE1"
    "Cs+QVdlgeV3PhlMZU9PTfFPT06ypqWXqmwTRSpDv0ACxy6yzmx29fXVQDPck6QVK3IzIF7"
    "3Vu9IuUPB/RIbazW2v3+x/v0CLyywbIueNIuWMssQXRfkIKh/BN195lI/gPiMdj08dF3IU"
    "5Ahrt4Rsd2QXhDtLp9CWQRvwMEVRgOR4mJh6h2jfdQe3Wqt93dYKszA3zQ6wKfTviFxrwV"
    "3wf0QSzV6g7DvenHF5sFx/otPTId9X1I5QPCfSVMtsCPdW3CdCmJoAZse5a5iF9soFQe3W"
    "kZJD2HIyCFl7xyydsnkU2DwmBTppYAdTw7Zz0U3S1QnY08an8wWm9GYZnANY2Ts8phNn7m"
    "EdNreHvJ1PjGmWrnYrQ/lHwmcLfvgTgOYUATpNVTuYy16Ag6iium0Vi7KRpasdzluJB8GE"
    "95ZBCh++OcL64S11QGksOaA0BAeUCLbCUWR4ytohXv6CvYeRLxisw2Z/WPw8mCC9QImbEW"
    "l39dt+70tfGwwuUOJmRGi1695dN6Rgl3CapP/035vd4UAf9vS+Nrzrd+FwKSpe1G53Ouzz"
    "MrXTxTQCB/0fROAIrkak1ewGb+90er9foNTtOifW8mOoJDWvQm3U3V37Kk+Uw5FmxtN8bp"
    "lHtIFanVuD6Rr4rSU90tgPFaKbF/9Cbrpyjaw1a3eD78Gw3+wObnv94QVaXI7IV63ZGX69"
    "QMH/EblqD5qX7U57+P0Cxdcj0oTp1B78pn/p9+5uL1DqNqAaDGkYougK5mjzpt35rne1Fk"
    "x71l62ZETCaElA1GrfwklDWwRQiosWLbV63as21ZotWlqUjAhMW73dbfVuoIn4Gt7Qa7Wb"
    "Hb159be7wfBG68Kv54poXpub244GC5dOr+46gx7VvYlKad1v7auTv9LH7GJEet+0vt78Am"
    "+OrkZE6/ZhLQHS3vArLYsjO12g/GfwvcO7q+/t7he9ednvNWl8oHRBouVB80bLaTj7CHoI"
    "QG8O6BoYXY3IDXwuFLB/5crvyt9XmXSaLWjrpwNJkytv/+o4ALMi3gC6cISUDJUKjZIV3U"
    "A3eRb8Tt2cz2xrLBSHXzqOjQ2SE3VI2EAG6AdqN7UlpBclu51Al7AppebOZTsb5unu5lLr"
    "vzthkwYqWYGXJd8HoY1bkWEdU+xuSJ/syZBWcUHyod7PCBEqLsiv2OsCtoB3aOFMaWWVZR"
    "xhnZQ6pa2lvBGzLL4coYoRIgjAEjokFDQuzpBVWMiwphhWRnaWLzrjJGeBT4T+QN2wig1j"
    "AaUax/w4nmKXBhyF5p1i+PKECl7BIS3tFiK7TGTI6rdMyAiV8mVKvKom6cYjOYBTNIqFEB"
    "ncxH53BccvT1m/ISwTrz0/XDuL1r4k6FjoscZhroKOHWYiY6XmsUTQsQR/u0t4KzaWRehG"
    "H5CO6cYdB2Qwjs9oagjLgMydaSVATiyyJYA8SLdW09HMb0wyYQrLQ/mq/hAXx3eWiB24Ib"
    "71CkMoxDdzNpDAN3FUK2OhiMN07D/CIoaCP9lKYJwUN5QAci2jz2SBFohoNohqGnYbjSci"
    "UIQWiZ1YtwEuDnW3GUgFAtztA1emItxtgNVs4vjOxlGEnWB3qiNAKgSgDEA6wXjTycZQ6m"
    "Jc27lGg1ZtuHLXKkbiNgPaLfY4QUS75P63MqSd7idrS8S2C6PQ0lBuU+cZs8hhlm3+h4fG"
    "hodZhDfi0FBYi9BrLxNrHEY7C4qQMR7jme/RgGkmHlPPJk8UAG+brxLE7eIicAGTnZLghX"
    "4TYfSsAL70ExVFq3yhf34UrT30gikx/2tLu2UOMdEVs76mpuyB9TW7Yh4oLY1aazPvk+Ay"
    "O9VkVArlx0oonhRU5QLdIBfoIqMqLJkCcZZEKtaIUIFfGHxlPZq/zOynHaGM9ajKcv0r+J"
    "CofGdbtPOgIlN9HRManlDZ0QjwXeQUKTx8BZRqAAsMlVLnRFn7rxSRGrgCXLNnc0lks2QK"
    "29VJJhPJD3amn60axNIWX6mZK6GcTexTJQBcK3MkEb78ti6B8WLSK4RXI5xdISXwTbICJU"
    "Bcr9R3WXwFfFOOZYFKR7sWwJuno92m4iahcheobtIK+XzlTcIEQE5vQxtGT9YzJkxtEuYW"
    "eniFy5nh+jAOkOM+GcTymIoOvZvR1Lmo8Z7Xy2zWlIzeJb2Jslfp8DOUdmWn2pVNsmbsPm"
    "VGcaAPaAygTrM/+Nq+DQIChTcj0ml/o7FwWr3BcHCBkncjIg5w1NGa/S6tNbi7DR5mS0bk"
    "uqP9vX3Z0fTo0QXiikbkW68VJe2A9ttBPUFhFFRJbzX7WhRZid3Q4EF33YHWYaTxNZTDL+"
    "nofe1LG7bxMJoPXzYiLGLQBWL/1lEWlR+mbLEIcAMyP6x2kmbDoNoVZeZE8AqiahtTGqpG"
    "fzAmIkE0bJdTw85xuE5TZlEMSI/CJvaWpRDCqLXaN83Ou5PGYSMTa2XhK8xFwSyqWlMaNa"
    "VRUxq1Ahq1kMEsJvNLEymJn1ANQI8Sa2kBsoQKX6UF2CquSlL9NpLqcBlVMtTV2KZ3HCkJ"
    "6mIZ3Z18b1/R5fecHITfRsIXuIsIhHsLP5J8ud5sUUXCEptVRr7xE5MgSzhzVThENIk3Nt"
    "GLBWNj7qMp9g0q5DlkJVDNn8ynD8SwhEnHy2lURsqXihvuwDX9YVnb6mIyv/xY5RuHJ19D"
    "9nfwn49zEmSgZm+ifz7+9xscwFYGLM8XAi46hsN6eWKjJF1t4uOWkdWIziOaNOcnFqz0S6"
    "LWpMmqLFeVR3X7aWAWq1JRvDnCGohodoA3vNFnTkUUpgJwZ+lqOL63kATG+l8MPJCPBS4w"
    "+YfKFJE6VAoO6y+W6QsCJeRCuqhfm42uNCgncHARKR1ysYwJFJgc6zAxGmfnhbiGBUUNF9"
    "RzGSXjeb6S8ZxTMiqdQj709dUpKNnsdpardVKKlZRLrGrQrn82XyLsfo6ibmwoLaxb9I7D"
    "jLgwOaZkQhcqHUK5OoS3kcIGo1oghV0M93wp7GJmrZbC9ghGj45tOy8f5jPkPEb2kEdoOM"
    "HIMpHlQRGdzMiHgrFtAV5QxaGNedR80sW++0qrWSaezhx6DOblstt7TXF7zER+s0Bam7QW"
    "zz5M3itR7puKcvcvWsYaNp0qVez2bDA3y2Kq0peq9KUqfel2JcLK/nRn9qfrJ4ktPT9sRU"
    "8PVZcNRZgsFQ7RiIWU+xUcB23HyJlWSaJM/z5Sqspsd6UYyvfuLjsauu3DSjiAVTTdh+wh"
    "LYrN5/uwiWbTLjvkaQ2Yk1QKZwmcjfF4DtPoVReEoV4CdJpMIS2D9KOPXX1swwGch3pp6u"
    "MMpcp5XCDncWRGMDE8gQJ3tflBRFflI67Slu0B9PXVlilPkd154hjMTn59mFP0Cm2RSYVK"
    "zqi8nSqNq/J2ehtvJxUwShrawtGilK9T+b5Oy3kINY6LQZ3inArbNaj0Q8twT2ssVF4dIU"
    "ZbN41hgOWZx0RorjCRYVmRWD0pOxkaFIrartDgZZFjIXp05lDKjFZYHDE2IMQGMAXpBZYt"
    "P2LTHvbp/1xh6hJXkrZbubSefpXIY39tNE5PPzWOT88/n3389Ons8/GCweUfLeN0L9tfKL"
    "N7mBRprI5PFg2+dYwRItoqC/pUfLI9ik+mjrzKiFwZke8tqOsbkbeag1bzSlM25DW0Iafp"
    "KAUscpilMp859sMKUtkUaZ5pRMOaI4O8OgRquc4cepkG16VsreFiA7jeR2uMg8SGY+cZux"
    "6yfA9584copb04f2KZjctYitP29KA9Qc7EwCydKptgfWKQJTSBrEYCn0AZq2L+7jTmLx2v"
    "cMx6AuhMXFiNLqYuh8d+W9i3rEqHpcR1/rCmgAcVPfGYLw+2IiCvUSqeMqKuKDM+ZcZXH5"
    "yTX8UhvSyRZ4qsyrKPypp9cwxKge1RRFuLTti6pZlDfMpHF8A6QVID54aM9Or4WEZ8dXyc"
    "L7865kKX7593IKyMLa39LfS9KSBXjeio911wNSI3zWHrK/PzCS6oP95A03u3WjdInb24YX"
    "5cN+1B4CYUXa4jhTw5l+jGk6ytXyKl9nm2Exepmovn1haQ1mDi7Hp74E+40gsWR1kD+JUJ"
    "sjJBPlRptSvBDVeokyNMlvYyL0qUlPXxhDUShpSmWFNZy7cI7tTwxxMAaS2tsJhYwSywM4"
    "81FEKIlwRG5CjreBCXYbfyua33K6zPYwjL0HOmW9sz3KV1ndywk7DmTexnJQAtbcZbsbVD"
    "FmJ+95eAOLPkljGepfX2e4qzeJdSmYzLxLjamYybc9PyNeK7rwcCI4nE08NlthIGrafjRc"
    "WVNhO/TxxkWiZ6mRj+IfzF5JBaM7xMrPEEBTb83mFg8xCUhSKVI9TFz9hFBvIwnP4FBhOl"
    "tixlLTH2HTftaxAZQhjjSE2zKCkaQU9ZItNnu7BELi6IUGKnakkkZMRO8ZSUPWXEFHU8XZ"
    "QuzfUNFxbLAKQCKGfIaic2Lz9MXIiYJfK8+tug112Kc0iVXbvgSIP+D9lwutka3HEM1oe5"
    "ZfsW8Y7o+94iDCtFabnyKKsnyqxHtIGs8sibj8dCrdHSeEEJqh3GCoo2+f0NFaQ0dbtc20"
    "3sG5ZdaL1JkFRjsaGvrc1iE5w9iilWEiRKHM0vKYLjXCFkNw/XU0OAl0igGWpKiLRKIJqY"
    "tRLiueRQVOJmSXTzw0W8tZCuPaUuQJdUWHsgkNIlHx8uE9NZrKL+sKgp5fEfUAX5Kh4tG1"
    "8w2RqyfPRieFTE5iCPJqqgCYYNEkje0Bg+kZJgg4rdnBdxMIDyml4tqVM+SLv0QaJhHsT8"
    "+Go71Ii2yvKWgyB4/yCK4j8I4tlrXerLH11lx7yUPamMoOAkX1BwwgkK6MTS2Y2wP8TjPE"
    "VU5Y5Y1/x6G4lzGWjFEzxmyGqIdvlH0f2zdF9jjbnqf9f7d90LFF4ksnckUnbQrCHtDi0K"
    "/ldj1YGNGQCfi/Tw+WFPkzQqdSwn7QrNnYvCytEpaLPQzmfmWtBydApazkZ1PrOtMfVqLg"
    "qugFLBm4UXuy6cXYtCm6FSsAphLSTpjimqIeiul1bNN9z1fITSlMpYY5+MNR4tYnmTtbo9"
    "Q6q8hCrtJbSOtkXpWVaxtLZjrOMcxBMqeFeqsRKgKWXWCnULP8BkVFpKmSWpzNpIjcWFP9"
    "wwrnftXCi2GtS7iV1LrOMLnxwutcKP66xS7OXDoBRp1VKk0UiOBS2WEyRVFm9XSXNDJ1UB"
    "hMPqNUT3RCos0cmSsEQnfFiiMDNjEWlKgmT34pS3ObaVJjjh2NRdWq38+f/93XfZ"
)
