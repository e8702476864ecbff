"""Time the report services on a generated PostgreSQL data set in a throwaway cluster.

    python -m bench.report_timings 1000000

The data has 30,000 schools under 250 area offices and 5 affiliations, and the given
number of children, one in five in term 2/2564 and the rest in 1/2564. Each child has 0
to 5 visits with random statuses, reasons and dates in 2022, and about 40% of the visits
record a need. The children's case columns are set from their newest visit, as ``services.visits`` does. The
product's migrations build the schema, so the report tallies and their triggers are in
place while the data is loaded. Each case runs once to warm up and then five times; the
median and the minimum are printed in milliseconds. Every person in the data is synthetic.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]

from tortoise import connections  # noqa: E402
from tortoise.context import TortoiseContext  # noqa: E402

from models.agency import AgencyKind  # noqa: E402
from models.user import UserRole  # noqa: E402
from pg_cluster import throwaway_postgres  # noqa: E402
from services import reports  # noqa: E402
from services.db import tortoise_config  # noqa: E402
from services.migrations import migrate  # noqa: E402
from services.scope import Actor  # noqa: E402

REPEATS = 5

REASONS = (
    "'TRANSPORT','HEALTH','DISABILITY','AT_RISK_GROUP','DISASTER','FAMILY_NECESSITY','SCHOOL_DISCIPLINE',"
    "'FAMILY_CONDITION','LOW_INCOME','SOCIAL_ADJUSTMENT','COMPLETED_COMPULSORY','COVID19','OVER_AGE',"
    "'ENROLLED_OTHER_AFFILIATION','STUDYING_ABROAD','ENROLLED_SAME_AFFILIATION','DECEASED','MOVED','UNSPECIFIED',NULL"
)
NEEDS = (
    "'SCHOLARSHIP','LIVING_COSTS','TRANSPORT','LEARNING_SUPPORT','FLEXIBLE_LEARNING','VOCATIONAL_TRAINING',"
    "'HEALTH_CARE','COUNSELING','CIVIL_REGISTRATION','OTHER'"
)


def data_sql(children: int) -> str:
    """SQL that fills an empty, migrated database with the benchmark data."""
    agency_columns = "kind,code,name_th,name_en,short_name_th,levels_th,active,mou_reference,created_at,updated_at"
    return f"""
SELECT setseed(0.42);
INSERT INTO province(code,name_th,name_en) SELECT g::text, 'จังหวัด'||g, 'P'||g FROM generate_series(10,86) g;
INSERT INTO agency({agency_columns}) VALUES ('MINISTRY','MOE','กระทรวงศึกษาธิการ','','','',true,'',now(),now());
INSERT INTO agency({agency_columns},parent_id)
 SELECT 'AFFILIATION','AFF'||g,'สังกัด'||g,'','','',true,'',now(),now(),1 FROM generate_series(1,5) g;
INSERT INTO agency({agency_columns},parent_id,affiliation_id,province_id)
 SELECT 'AREA_OFFICE','A'||lpad(g::text,4,'0'),'เขต'||g,'','','',true,'',now(),now(),2+(g%5),2+(g%5),(10+(g%77))::text
 FROM generate_series(1,250) g;
INSERT INTO agency({agency_columns},parent_id,affiliation_id,area_office_id,province_id)
 SELECT 'SCHOOL',lpad(g::text,10,'0'),'โรงเรียน'||g,'','','',true,'',now(),now(),a.id,a.affiliation_id,a.id,(10+((g*31)%77))::text
 FROM generate_series(1,30000) g JOIN agency a ON a.kind='AREA_OFFICE' AND a.code='A'||lpad((1+(g%250))::text,4,'0');
INSERT INTO app_user(username,username_key,password_hash,title,first_name,last_name,position,phone,email,role,status,
  failed_login_count,created_at,updated_at,agency_id,decision_reason)
 VALUES ('bench','bench','!','','b','b','','','','MINISTRY_ADMIN','ACTIVE',0,now(),now(),1,'');
CREATE TEMP TABLE school_ids AS
 SELECT row_number() OVER (ORDER BY id) AS n, id, affiliation_id, area_office_id, province_id FROM agency WHERE kind='SCHOOL';
INSERT INTO student(national_id,id_kind,title,first_name,last_name,first_name_en,last_name_en,gender,grade,academic_year,
  semester,house_number,village_no,address_line,guardian_name,guardian_phone,status,visit_count,possible_duplicate,version,
  created_at,updated_at,affiliation_id,area_office_id,school_id,province_id)
 SELECT lpad(g::text,13,'0'),'NATIONAL_ID','','ชื่อ'||g,'สกุล','','','MALE','ป.6',2564,CASE WHEN g%5=0 THEN 2 ELSE 1 END,
  '','','','','','NOT_STARTED',0,false,1,now(),now(),s.affiliation_id,s.area_office_id,s.id,s.province_id
 FROM generate_series(1,{children}) g JOIN school_ids s ON s.n = 1 + ((g::bigint*7919) % 30000);
INSERT INTO visit(id,status,reason,note,visited_at,after_close,content_hash,created_at,recorded_by_id,recorded_by_agency_id,
  school_id,student_id)
 SELECT gen_random_uuid(),
  (ARRAY['IN_PROGRESS','IN_PROGRESS','NOT_FOUND','FOUND_WANTS_TO_RETURN','FOUND_WILL_NOT_RETURN','RETURNED','RETURNED',
         'CANNOT_FOLLOW'])[1+floor(random()*8)::int],
  (ARRAY[{REASONS}])[1+floor(random()*20)::int],
  '', timestamptz '2022-01-01 00:00+00' + random()*interval '330 days', false, '', now(), 1, 1, s.school_id, s.id
 FROM student s CROSS JOIN LATERAL generate_series(1, floor(random()*6)::int + (s.id*0)) k;
INSERT INTO visit_need(visit_id,student_id,need)
 SELECT id, student_id, (ARRAY[{NEEDS}])[1+floor(random()*10)::int] FROM visit WHERE random() < 0.4;
UPDATE student s SET status=l.status, latest_reason=l.reason, latest_visit_id=l.id, last_visited_at=l.visited_at, visit_count=l.n
 FROM (SELECT DISTINCT ON (student_id) student_id, id, status, reason, visited_at, count(*) OVER (PARTITION BY student_id) AS n
       FROM visit ORDER BY student_id, visited_at DESC) l WHERE l.student_id = s.id;
"""


async def timed(label: str, run) -> None:
    runs = []
    for _ in range(REPEATS + 1):
        started = time.perf_counter()
        await run()
        runs.append((time.perf_counter() - started) * 1000)
    runs = runs[1:]
    print(f"{label:<62} median {statistics.median(runs):8.1f} ms   min {min(runs):8.1f} ms", flush=True)


async def run_timings(connection) -> None:
    ministry = Actor(1, "bench", UserRole.MINISTRY_ADMIN, 1, AgencyKind.MINISTRY, None, None)
    largest = await connection.execute_query_dict(
        "SELECT area_office_id AS id FROM student GROUP BY area_office_id ORDER BY count(*) DESC LIMIT 1"
    )
    area = largest[0]["id"]
    officer = Actor(1, "bench", UserRole.AREA_OFFICER, area, AgencyKind.AREA_OFFICE, None, area)
    term = reports.Term(1, 2564)
    cases = {
        "": reports.ReportFilter(),
        ", term 1/2564": reports.ReportFilter(term=term),
        ", to 2022-06-30": reports.ReportFilter(end=dt.date(2022, 6, 30)),
        ", term, 2022-03-01 to 2022-06-30": reports.ReportFilter(term=term, start=dt.date(2022, 3, 1), end=dt.date(2022, 6, 30)),
    }
    for scope, actor in (("nation", ministry), ("largest area office", officer)):
        for suffix, chosen in cases.items():
            await timed(f"progressSummary, {scope}{suffix}", lambda: reports.progress_summary(actor, chosen))
        for group in reports.CannotFollowGroup:
            await timed(
                f"cannotFollowReport by {group.value.lower()}, {scope}",
                lambda: reports.cannot_follow_report(actor, reports.ReportFilter(), group),
            )
        await timed(f"weeklyProgress, {scope}", lambda: reports.weekly_progress(actor, reports.ReportFilter()))
        await timed(f"needsSummary, {scope}", lambda: reports.needs_summary(actor, reports.ReportFilter()))
        await timed(
            f"needsSummary, {scope}, term, 2022-03-01 to 2022-06-30",
            lambda: reports.needs_summary(actor, cases[", term, 2022-03-01 to 2022-06-30"]),
        )


async def main(children: int) -> None:
    with throwaway_postgres() as url:
        await migrate(url)
        async with TortoiseContext() as context:
            await context.init(config=tortoise_config(url))
            connection = connections.get("default")
            started = time.perf_counter()
            await connection.execute_script(data_sql(children))
            await connection.execute_script("VACUUM ANALYZE")
            counts = await connection.execute_query_dict(
                "SELECT (SELECT count(*) FROM student) AS children, (SELECT count(*) FROM visit) AS visits,"
                " (SELECT count(*) FROM visit_need) AS needs, (SELECT count(*) FROM report_tally) AS tally_rows"
            )
            print(f"data {counts[0]}, loaded in {time.perf_counter() - started:.0f} s", flush=True)
            started = time.perf_counter()
            await reports.rebuild_aggregates()
            print(f"rebuild_aggregates: {time.perf_counter() - started:.1f} s", flush=True)
            await run_timings(connection)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000))
