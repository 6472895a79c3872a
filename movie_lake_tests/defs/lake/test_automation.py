"""The automation conditions of `movie_lake.defs.lake.automation`, evaluated by Dagster's own
evaluator on real materializations: partitions follow their parent, whole tables follow any
partition but are not held back by partitions that are missing (a failed or never-landed
file), and nothing is requested while its unpartitioned parent doesn't exist."""
from __future__ import annotations

import dagster as dg

from movie_lake.defs.lake.automation import automate
from movie_lake.definitions import build_definitions

FILES = dg.DynamicPartitionsDefinition(name="files")
MONTHS = dg.MonthlyPartitionsDefinition(start_date="2020-01-01")


@dg.asset(partitions_def=FILES, group_name="raw")
def raw_files(): ...


@dg.asset(partitions_def=FILES, deps=[raw_files], group_name="trusted")
def trusted_files(): ...


@dg.asset(partitions_def=MONTHS, group_name="trusted")
def trusted_months(): ...


@dg.asset(deps=[trusted_files, trusted_months], group_name="refined")
def refined_all(): ...


@dg.asset(deps=[refined_all], group_name="analytics")
def analysis(): ...


@dg.asset(group_name="refined")
def lookup(): ...


@dg.asset(deps=[trusted_files, lookup], group_name="refined")
def needs_lookup(): ...


def requested(result) -> dict[str, int]:
    return {r.key.to_user_string(): r.true_subset.size for r in result.results if r.true_subset.size}


def test_changes_flow_down_and_missing_partitions_do_not_block():
    assets = automate([raw_files, trusted_files, trusted_months, refined_all, analysis, lookup, needs_lookup])
    defs = dg.Definitions(assets=assets)
    with dg.DagsterInstance.ephemeral() as instance:
        first = dg.evaluate_automation_conditions(defs=defs, instance=instance)
        assert requested(first) == {}

        instance.add_dynamic_partitions("files", ["good.csv", "broken.csv"])
        dg.materialize(assets, instance=instance, partition_key="good.csv", selection=[raw_files])
        second = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=first.cursor)
        assert requested(second) == {"trusted_files": 1}

        dg.materialize(assets, instance=instance, partition_key="good.csv", selection=[trusted_files])
        third = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=second.cursor)
        # broken.csv and every month are missing, yet the table updates (and what reads it, in
        # the same run); needs_lookup waits: its unpartitioned parent has never been built
        assert requested(third) == {"refined_all": 1, "analysis": 1}

        dg.materialize(assets, instance=instance, selection=[refined_all, analysis])
        fourth = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=third.cursor)
        assert requested(fourth) == {}


def test_project_assets_get_conditions_and_policies():
    graph = build_definitions().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if not node.is_materializable:
            continue
        if node.group_name == "raw" or not node.parent_keys:
            assert node.automation_condition is None, key
        else:
            assert node.automation_condition is not None, key
        if node.partitions_def is None:
            assert node.backfill_policy.max_partitions_per_run is None, key
        else:
            assert node.backfill_policy is None, key
    assert graph.get(dg.AssetKey(["refined", "dim_movie"])).automation_condition.get_label() == "eager_reading_existing_partitions"
