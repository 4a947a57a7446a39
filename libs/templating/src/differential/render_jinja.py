#!/usr/bin/env python3
"""
Reference side of the templating differential test: renders a batch of templates with
Python Jinja2 and a context built the way the original Lava builds it (its
``jinja_render_vars``: job, realm, globals, start, state, ustart, utils), on a fixed clock.

stdin:  {"context": {...fixed values...}, "templates": ["...", ...]}
stdout: [{"ok": true, "out": "..."} | {"ok": false, "error": "TypeError: ..."}, ...]

Run with TZ set to the context's zone (the original reads the worker's local zone).
"""

import json
import os
import os.path
import re
import sys
import uuid
from datetime import date, datetime, time, timedelta, timezone

import dateutil
import dateutil.parser
import dateutil.relativedelta  # noqa: F401  (utils.dateutil.relativedelta)
import dateutil.tz
import jinja2


def build(data):
    now = dateutil.parser.isoparse(data['now']).astimezone(dateutil.tz.tzlocal())
    fixed_uuid = uuid.UUID(data['uuid'])

    class FixedDatetime(datetime):
        """``datetime`` with a fixed clock (the original uses the real one)."""

        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz) if tz else now.replace(tzinfo=None)

        @classmethod
        def utcnow(cls):
            return now.astimezone(timezone.utc).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return now.replace(tzinfo=None)

    class FixedDate(date):
        @classmethod
        def today(cls):
            return now.date()

    utils = {
        'timedelta': timedelta,
        'datetime': FixedDatetime,
        'date': FixedDate,
        'dateutil': dateutil,
        'time': time,
        'parsedate': dateutil.parser,
        's3bucket': lambda s: s3_split(s)[0],
        's3key': lambda s: s3_split(s)[1],
        'uuid': lambda: fixed_uuid,
        'path': os.path,
        're': re,
    }

    ts_start = dateutil.parser.isoparse(data['start']).astimezone(dateutil.tz.tzlocal())
    ts_ustart = ts_start.astimezone(timezone.utc)
    job = json.loads(json.dumps(data['job']))
    job['ts_start'] = ts_start
    job['ts_ustart'] = ts_ustart
    if 'ts_dispatch' in job:
        job['ts_dispatch'] = dateutil.parser.isoparse(job['ts_dispatch'])
    lava = job['globals'].setdefault('lava', {})
    lava.setdefault('master_job_id', job['job_id'])
    lava.setdefault('parent_job_id', job['job_id'])
    lava.setdefault('master_start', ts_start)
    lava.setdefault('master_ustart', ts_ustart)
    lava.setdefault('parent_start', ts_start)
    lava.setdefault('parent_ustart', ts_ustart)

    extras = json.loads(json.dumps(data['extras']))
    info = extras.get('info')
    if isinstance(info, dict) and 'event_time' in info:
        info['event_time'] = dateutil.parser.isoparse(info['event_time'])

    return dict(
        job=job,
        realm=data['realm'],
        globals=job['globals'],
        start=ts_start,
        state=job['state'],
        ustart=ts_ustart,
        utils=utils,
        **extras,
    )


def s3_split(s):
    """Bucket and key of an S3 location (behaves as the original's ``s3_split``)."""
    for prefix in ('s3://', 's3:'):
        if s.startswith(prefix):
            s = s[len(prefix) :]
            break
    parts = s.strip('/').split('/', 1)
    if not parts[0]:
        raise ValueError(f'Invalid S3 object name: {s}')
    return parts[0], parts[1].strip('/') if len(parts) > 1 else ''


def render(template, ctx):
    try:
        return {'ok': True, 'out': jinja2.Template(template).render(**ctx)}
    except Exception as e:  # noqa: BLE001  (every refusal is a result)
        return {'ok': False, 'error': f'{type(e).__name__}: {e}'[:300]}


def main():
    req = json.load(sys.stdin)
    # A fresh context per template: filters and methods can mutate it (`list.append`, `indent`).
    json.dump([render(t, build(req['context'])) for t in req['templates']], sys.stdout)


if __name__ == '__main__':
    main()
