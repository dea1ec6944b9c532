"""The CPUs a solve may use: the process's affinity, capped by its container's CPU quota (cgroup v2 and v1 files,
made here)."""

from __future__ import annotations

import pytest

from gezopt import cpus
from gezopt.cpus import available_cpus, cpu_quota


def cgroup_v2(root, text: str):
    root.mkdir(parents=True, exist_ok=True)
    (root / "cpu.max").write_text(text)
    return root


def cgroup_v1(root, quota: str, period: str):
    (root / "cpu").mkdir(parents=True, exist_ok=True)
    (root / "cpu" / "cpu.cfs_quota_us").write_text(quota)
    (root / "cpu" / "cpu.cfs_period_us").write_text(period)
    return root


@pytest.mark.parametrize(("text", "expected"), [
    ("200000 100000\n", 2),
    ("150000 100000\n", 1),  # one and a half CPUs: one thread
    ("50000 100000\n", 1),  # half a CPU: still one
    ("max 100000\n", None),  # no quota
    ("", None),  # unreadable: no quota
])
def test_a_cgroup_v2_quota_counts_whole_cpus(tmp_path, text, expected):
    assert cpu_quota(cgroup_v2(tmp_path / "cg", text)) == expected


@pytest.mark.parametrize(("quota", "period", "expected"), [("300000\n", "100000\n", 3), ("-1\n", "100000\n", None)])
def test_a_cgroup_v1_quota_counts_whole_cpus(tmp_path, quota, period, expected):
    assert cpu_quota(cgroup_v1(tmp_path / "cg", quota, period)) == expected


def test_no_cgroup_files_means_no_quota(tmp_path):
    assert cpu_quota(tmp_path) is None


def test_the_quota_caps_the_cpus_of_the_affinity(tmp_path, monkeypatch):
    uncapped = available_cpus()
    monkeypatch.setattr(cpus, "CGROUP_ROOT", cgroup_v2(tmp_path / "cg", "100000 100000\n"))
    assert available_cpus() == 1
    monkeypatch.setattr(cpus, "CGROUP_ROOT", cgroup_v2(tmp_path / "big", f"{(uncapped + 4) * 100000} 100000\n"))
    assert available_cpus() == uncapped
