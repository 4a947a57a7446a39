#!/usr/bin/env python3
"""
Extracts every ``{{ }}``/``{% %}`` example from the original Lava user guide into
``user-guide-examples.json`` (kept in the repository, so the differential test does not
need the original's sources).

Usage: extract_user_guide.py <path of the original's git dir> > user-guide-examples.json
"""

import json
import re
import subprocess
import sys

MARK = re.compile(r'\{\{|\{%')


def git(repo, *args):
    return subprocess.run(['git', '-C', repo, *args], check=True, capture_output=True, text=True).stdout


def value_of(line):
    """The template in a JSON/YAML line (``"k": "v",`` or ``k: "v"``), else the line itself."""
    m = re.match(r'^\s*(?:"[^"]*"\s*:|[\w-]+\s*:)?\s*(".*")\s*,?\s*$', line)
    if m:
        try:
            return json.loads(m.group(1))
        except json.JSONDecodeError:
            pass
    m = re.match(r'^\s*"(.*)",?\s*$', line)
    if m:
        try:
            return json.loads(f'"{m.group(1)}"')
        except json.JSONDecodeError:
            return m.group(1)
    return line.strip()


def examples(path, text):
    lines = text.split('\n')
    fence = None
    block = []
    for n, line in enumerate(lines, 1):
        if line.strip().startswith('```'):
            if fence is None:
                fence = line.strip()[3:].strip()
                block = []
            else:
                if fence == 'jinja':
                    yield from jinja_block(path, block)
                fence = None
            continue
        if fence == 'jinja':
            block.append((n, line))
        elif fence is not None:
            if MARK.search(line):
                yield f'{path}:{n}', value_of(line)
        else:
            for span in re.findall(r'`([^`]+)`', line):
                if MARK.search(span):
                    yield f'{path}:{n}', span


def jinja_block(path, block):
    """A ```jinja block: each example is a paragraph (blank-line separated)."""
    para = []
    for n, line in block + [(0, '')]:
        if line.strip():
            para.append((n, line))
        elif para:
            text = '\n'.join(l for _, l in para)
            if MARK.search(text):
                yield f'{path}:{para[0][0]}', text
            para = []


def main():
    repo = sys.argv[1]
    files = [f for f in git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'doc/user-guide').split('\n')
             if f.endswith('.md')]
    out = []
    for f in files:
        for source, template in examples(f, git(repo, 'show', f'HEAD:{f}')):
            out.append({'source': source, 'template': template})
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
