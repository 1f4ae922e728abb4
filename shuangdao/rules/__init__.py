"""The rules: pure functions by policy stage, each returning a :class:`~shuangdao.Decision`.

Modules (each rule's docstring names its source in a ``Policy:`` line):

* :mod:`~shuangdao.rules.identification` — who is poor, each round and the 2011 regulation;
* :mod:`~shuangdao.rules.procedure` — the statutory identification procedure (art. 9);
* :mod:`~shuangdao.rules.pairing` — units, work teams, responsible cadres, plans, agreements;
* :mod:`~shuangdao.rules.assessment` — the yearly assessment (一年一考核);
* :mod:`~shuangdao.rules.progress` — exit over the years;
* :mod:`~shuangdao.rules.settlement` — the three-year settlement (三年结硬帐);
* :mod:`~shuangdao.rules.acceptance` — round 1's 2012 final acceptance (考核验收): the sample
  re-check of the full survey and democratic appraisal;
* :mod:`~shuangdao.rules.key_counties` — round 2's 21 key counties (重点县) and their targets;
* :mod:`~shuangdao.rules.follow_up` — follow-up by the original unit (回头看);
* :mod:`~shuangdao.rules.accountability` — accountability (问责): the 2011 assessment rules and
  the 2010 measures' situations, coverage and sanctions, kept apart;
* :mod:`~shuangdao.rules.funding` — the round-2 subsidy and fund-misuse checks.
"""

__all__: list[str] = []
