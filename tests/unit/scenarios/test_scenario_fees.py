"""From which step the penalties and the 40 € are claimed (``scenarios.fees``, issue 11 item 6)."""

from __future__ import annotations

from scenario_builders import SHIPPED, shipped

from recouvre.scenarios.fees import claims_fees


def _claiming(scenario_id: str, fees_from: str | None) -> dict[str, bool]:
    scenario = shipped(scenario_id)
    return {s.id: claims_fees(scenario, s, fees_from, SHIPPED) for s in scenario.steps}


def test_nothing_named_claims_from_the_first_step() -> None:
    assert all(_claiming("standard_b2b", None).values())
    assert all(_claiming("standard_b2b", "").values())


def test_the_steps_before_the_named_one_ask_the_principal_only() -> None:
    assert _claiming("standard_b2b", "relance_2") == {
        "relance_courtoise": False,
        "appel_1": False,
        "relance_1": False,
        "relance_2": True,
        "mise_en_demeure": True,
        "examen_judiciaire": True,
    }


def test_a_scenario_without_the_named_step_goes_by_firmness() -> None:
    # grosses_creances has no relance_2: a reminder letter or firmer claims, softer does not.
    claiming = _claiming("grosses_creances", "relance_2")
    assert claiming["relance_courtoise"] is False and claiming["appel_1"] is False
    assert claiming["relance_1"] is True and claiming["mise_en_demeure"] is True


def test_a_step_no_scenario_has_claims_from_the_first_step() -> None:
    assert all(_claiming("standard_b2b", "supprimee").values())
