//! Contests (劳动竞赛, 技能比武, 岗位练兵, 安康杯): rules, rounds, entrants, judges, score sheets, prizes.
