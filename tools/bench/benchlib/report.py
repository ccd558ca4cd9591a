"""Markdown for the results: one section per scenario, then every target with met / not met."""

from dataclasses import dataclass, field


@dataclass
class Target:
    scenario: str
    goal: str
    measured: str
    met: object  # True, False, None when it could not be measured, or a word for a context row


@dataclass
class Section:
    title: str
    lines: list = field(default_factory=list)
    targets: list = field(default_factory=list)


def table(headers, rows):
    out = ['| ' + ' | '.join(headers) + ' |',
           '|' + '|'.join('---' if i < 2 else '--:' for i in range(len(headers))) + '|']
    out += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return out


def rate(x):
    if x >= 1e6:
        return f'{x / 1e6:.2f}M'
    if x >= 1e3:
        return f'{x / 1e3:.0f}k'
    return f'{x:.0f}'


def ratio(x):
    return f'{x:.2f}×' if x < 10 else f'{x:.1f}×'


def verdict(met):
    if isinstance(met, str):  # a row for reference, not a target (e.g. 'context')
        return met
    return {True: '**met**', False: '**not met**', None: 'not measured'}[met]


def render(header_lines, sections):
    out = list(header_lines)
    for s in sections:
        out += ['', f'### {s.title}', ''] + s.lines
    targets = [t for s in sections for t in s.targets]
    out += ['', '### Targets (issue 7; scenario 7: issue 14)', '']
    out += table(['scenario', 'target', 'measured', 'verdict'],
                 [[t.scenario, t.goal, t.measured, verdict(t.met)] for t in targets])
    return '\n'.join(out) + '\n'
