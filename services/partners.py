"""Partner organisations: which provinces they may see, and when their MOU is in force."""

from __future__ import annotations

import datetime as dt

from models.agency import Agency, AgencyProvince, Phase2Province


def mou_in_force(agency: Agency, today: dt.date) -> bool:
    """Tell whether a partner's MOU covers ``today`` and has not been revoked."""
    if agency.mou_revoked_at is not None or not agency.active:
        return False
    if agency.mou_starts_on is not None and today < agency.mou_starts_on:
        return False
    if agency.mou_ends_on is not None and today > agency.mou_ends_on:
        return False
    return True


async def partner_open_province_codes(agency: Agency, today: dt.date) -> frozenset[str]:
    """Return the provinces a partner covers that are open for phase 2, or none if its MOU lapsed."""
    if not mou_in_force(agency, today):
        return frozenset()
    covered = await AgencyProvince.filter(agency_id=agency.id).values_list("province_id", flat=True)
    opened = await Phase2Province.filter(province_id__in=list(covered)).values_list(
        "province_id", flat=True
    )
    return frozenset(opened)
