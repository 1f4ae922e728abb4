"""Fast checks of the documentation generator and the glossary (no Sphinx build).

The Sphinx build itself (``sphinx -W -b html`` and ``-b doctest``) runs in ``.ci/run``; these
tests check, in well under a second, what makes that build fail or drift: every rule has a
``Policy:`` line and a catalogue page, every round and every standards data file has a page,
every parameter appears on its area page and on its rounds' pages, every public name has a
docstring, and the glossary covers the domain terms used in the code.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest

from shuangdao import model
from shuangdao.standards import default_standards

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "shuangdao_docs", DOCS / "_ext" / "shuangdao_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("shuangdao_docs", module)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def generated():
    return gen.generate()


class TestRules:
    def test_every_public_rules_function_has_a_policy_line(self, generated):
        missing = [p for p in generated.problems if "has no 'Policy:' line" in p]
        assert missing == []

    def test_every_rule_cites_known_sources(self, generated):
        assert [p for p in generated.problems if "source id" in p] == []
        for rule in generated.rules:
            assert rule.source_ids, rule.qualname

    def test_every_rule_has_a_catalogue_page(self, generated):
        for rule in generated.rules:
            page = generated.pages[f"policy/generated/rules/{rule.docname}.rst"]
            assert f".. autofunction:: {rule.qualname}" in page
            for source_id in rule.source_ids:
                assert f"<source-{source_id.lower()}>" in page
        index = generated.pages["policy/generated/rules/index.rst"]
        for rule in generated.rules:
            assert f"   {rule.docname}" in index

    def test_every_public_function_of_a_rules_module_is_a_rule(self, generated):
        found = {r.qualname for r in generated.rules}
        for info in gen.rule_modules(generated.modules):
            if info.module is None:
                continue
            for name in gen.public_names(info.module):
                if inspect.isfunction(getattr(info.module, name)):
                    assert f"{info.name}.{name}" in found


class TestPolicyLine:
    def test_reads_the_line_and_its_continuation(self):
        doc = """Decide.

        Policy: S1 (round-2 plan);
            S24 (33 % line).

        Example:
            >>> 1
        """
        assert gen.policy_line(doc) == "S1 (round-2 plan); S24 (33 % line)."

    def test_no_line_is_none(self):
        assert gen.policy_line("Decide.\n\nArgs:\n    x: y.") is None
        assert gen.policy_line(None) is None

    def test_cited_ids_split_known_and_unknown(self):
        registry = {"S1": 1, "SEED": 1}
        assert gen.cited_ids("S1 (plan); SEED p. 5; S999.", registry) == (("S1", "SEED"), ("S999",))

    def test_parameters_read_come_from_the_declarations(self):
        from shuangdao.rules.identification import identify_household_round2

        assert gen.parameters_read(identify_household_round2, default_standards().parameters) == (
            "round2.village_line",
            "round2.household_line",
            "round2.household_comparator",
            "round2.requires_labour_capacity",
        )

    def test_source_text_is_never_scanned(self):
        def rule(standards):
            return standards.value("round2.household_line")

        assert gen.parameters_read(rule, default_standards().parameters) == ()
        assert not gen.is_declared(rule)

    def test_every_declared_identification_rule_lists_its_parameters(self, generated):
        page = generated.pages[
            "policy/generated/rules/identification.identify_household_round1.rst"
        ]
        assert "round1.household_comparator" in page
        assert "Not declared yet" not in page

    def test_parameters_say_which_rules_read_them(self, generated):
        page = generated.pages["policy/generated/areas/round2.rst"]
        assert (
            "identify_household_round2 <../rules/identification.identify_household_round2>" in page
        )


class TestCatalogue:
    def test_one_page_per_round_with_each_of_its_parameters(self, generated):
        standards = default_standards()
        assert generated.rounds == [r.number for r in standards.rounds]
        for number in generated.rounds:
            page = generated.pages[f"policy/generated/rounds/round{number}.rst"]
            for key in standards.for_round(number):
                assert f"``{key}``" in page

    def test_one_page_per_data_file_with_each_of_its_parameters(self, generated):
        from shuangdao.standards._loader import data_files

        standards = default_standards()
        stems = set(data_files()) - gen.NON_AREA_FILES
        assert stems <= set(generated.areas)
        for key in standards.parameters:
            area = key.split(".")[0]
            page = generated.pages[f"policy/generated/areas/{area}.rst"]
            assert f".. _{gen.label('param', key)}:" in page

    def test_every_source_has_an_anchor(self, generated):
        from shuangdao.citations import sources

        page = generated.pages["policy/generated/sources.rst"]
        for source_id in sources():
            assert f".. _{gen.label('source', source_id)}:" in page

    def test_uncertain_list_names_every_non_confirmed_parameter(self, generated):
        page = generated.pages["policy/generated/_fragments/uncertain.rst"]
        for key, parameter in default_standards().parameters.items():
            if parameter.certainty.value != "confirmed" or parameter.value is None:
                assert f"<{gen.label('param', key)}>" in page, key


class TestReference:
    def test_every_public_name_has_a_docstring(self, generated):
        assert [
            p
            for p in generated.problems
            if p.startswith(("public name", "module")) or "__all__" in p
        ] == []

    def test_api_page_per_public_module(self, generated):
        for info in generated.modules:
            if info.module is not None:
                assert f"reference/generated/api/{info.name}.rst" in generated.pages

    def test_every_public_name_is_documented_exactly_once(self, generated):
        directive = re.compile(r"^\.\. auto(?:class|function|exception|data):: (\S+)$", re.M)
        documented: list[str] = []
        for path, text in generated.pages.items():
            if path.startswith("reference/generated/api/"):
                documented += directive.findall(text)
        assert len(documented) == len(set(documented))
        for info in generated.modules:
            if info.module is None:
                continue
            for name in gen.public_names(info.module):
                obj = getattr(info.module, name)
                if name.startswith("__") or inspect.ismodule(obj):
                    continue
                home = gen.canonical_module(obj, info.name)
                assert f"{home}.{name}" in documented, f"{info.name}.{name}"

    @pytest.mark.parametrize(
        ("package", "name", "start"),
        [
            ("shuangdao.rules.identification", "RULE_IDS", "Rule id by ``(round, subject kind)``"),
            ("shuangdao.rules.identification", "ROUND2_HOUSEHOLD", "Round 2 households"),
            ("shuangdao.ingest.schema", "HOUSEHOLD", "The :class:`~shuangdao.model.Household`"),
            ("shuangdao.rules.funding", "PROVINCIAL_SUBSIDY", "Round 2's provincial subsidy"),
        ],
    )
    def test_a_re_exported_constant_keeps_its_docstring(self, package, name, start):
        # Split into private modules, a package documents its constants with the docstring
        # written under their assignment (not with their type's: dict's, Rule's).
        found = gen.attribute_docstring(importlib.import_module(package), name)
        assert found is not None
        assert found.startswith(start)

    @pytest.mark.parametrize(
        ("package", "name"),
        [
            ("shuangdao.ingest.schema", "RECORDS"),  # documented in the package itself
            ("shuangdao.rules.identification", "identify"),  # a function: its own docstring
            ("shuangdao.explain", "Decision"),  # not a package
        ],
    )
    def test_other_names_keep_what_autodoc_finds(self, package, name):
        assert gen.attribute_docstring(importlib.import_module(package), name) is None

    def test_schemas_for_every_input_type_and_the_overrides(self, generated):
        for name in gen.SCHEMA_TYPES:
            if hasattr(model, name):
                assert f"reference/generated/schemas/{name}.json" in generated.pages
        schema = gen.overrides_schema(default_standards())
        assert "round2.household_line" in schema["properties"]
        assert schema["additionalProperties"] is False

    def test_error_tree_lists_every_error_class(self, generated):
        from shuangdao import errors

        page = generated.pages["reference/generated/errors.rst"]
        for name in errors.__all__:
            assert f".{name}`" in page

    def test_cli_page_lists_exit_statuses(self, generated):
        from shuangdao.cli import EXIT_STATUSES

        page = generated.pages["reference/generated/cli.rst"]
        assert {code for code, _, _ in EXIT_STATUSES} >= {0, 1, 2, 70, 130, 143}
        for code, _, _ in EXIT_STATUSES:
            assert f"``{code}``" in page


# The Chinese terms of ../shared/policy/glossary.md (CI has it read-only, so they are copied).
DOMAIN_TERMS_ZH = [
    "双到",
    "规划到户",
    "责任到人",
    "一村一策、一户一法",
    "户有卡、村有册",
    "贫困村",
    "重点帮扶村",
    "相对贫困村",
    "贫困户",
    "相对贫困户",
    "贫困人口",
    "有劳动能力",
    "农民人均纯收入",
    "农村居民人均可支配收入",
    "村集体经济收入",
    "扶贫标准",
    "贫困线",
    "脱贫",
    "退出",
    "帮扶单位",
    "定点帮扶",
    "对口帮扶",
    "挂钩帮扶",
    "挂钩包户",
    "驻村工作队",
    "驻村干部",
    "帮扶协议",
    "挂村办点",
    "挂钩联系",
    "扶贫开发领导小组",
    "扶贫办",
    "一年一考核",
    "三年结硬帐",
    "结硬帐",
    "考核验收",
    "回头看",
    "扶上马送一程",
    "及格",
    "不及格",
    "优秀",
    "问责",
    "通报",
    "点名",
    "单兵教练约谈",
    "约谈",
    "公开道歉",
    "停职检查",
    "引咎辞职",
    "责令辞职",
    "免职",
    "撤职",
    "大扶贫",
    "双转移",
    "扶贫济困日",
    "建档立卡",
    "低保",
    "五保",
    "珠三角",
    "粤东西北",
    "区域发展差异系数",
    "城乡居民收入差距",
    "以上",
    "以下",
    "低于",
    "超过",
]


@pytest.fixture(scope="module")
def glossary_text():
    return (DOCS / "glossary.md").read_text("utf-8")


@pytest.fixture(scope="module")
def glossary_terms(glossary_text):
    return gen.render_glossary_check(glossary_text)


#: Model classes that are domain terms (the rest are enums and plumbing).
DOMAIN_TYPES = [
    "AssistingUnit",
    "Cadre",
    "Household",
    "Measure",
    "Pairing",
    "Plan",
    "Village",
    "WorkTeam",
]


class TestGlossary:
    def test_every_domain_term_is_a_glossary_term(self, glossary_terms):
        assert [t for t in DOMAIN_TERMS_ZH if t not in glossary_terms] == []

    def test_every_domain_type_of_the_model_is_named(self, glossary_text):
        for name in DOMAIN_TYPES:
            assert hasattr(model, name), name
            assert f"shuangdao.model.{name}" in glossary_text, name

    def test_chinese_terms_in_model_docstrings_are_glossary_terms(self, glossary_terms):
        # Terms written as "English (中文)" in the model's docstrings, e.g. "poor household (贫困户)".
        pattern = re.compile(r"[(（]([\u4e00-\u9fff]{2,8})[)）]")
        found: set[str] = set()
        for name in model.__all__:
            found |= set(pattern.findall(inspect.getdoc(getattr(model, name)) or ""))
        found |= set(pattern.findall(model.__doc__ or ""))
        assert sorted(t for t in found if t not in glossary_terms) == []
