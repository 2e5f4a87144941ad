#!/usr/bin/env python3
"""What a capture holds, read from its raw text independently of btexplain: the number of listings, and for the last
listing each thread's frame count, LWP and name, keyed as the truth files key them (gdb's or LLDB's thread number;
"lwp:N" for eu-stack). The truth files' structure fields are written from this; their verdicts from how the capture
was made.  Usage: python3 structure.py CAPTURE"""
import json, re, sys

def gdb(lines):
    listings, cur, thread = [], None, None
    for l in lines:
        m = re.match(r'^Thread (\d+) \(.*?(?:LWP (\d+))?\)?(?: "(.*)")?\):\s*$', l)
        if m:
            n = int(m.group(1))
            if cur is None or n in cur:
                cur = {}
                listings.append(cur)
            cur[n] = thread = {'frames': 0, 'lwp': int(m.group(2)) if m.group(2) else None, 'name': m.group(3)}
        elif thread is not None and re.match(r'^#\d+\s', l):
            thread['frames'] += 1
    return listings

def eu_stack(lines):
    listings, cur, thread = [], None, None
    for l in lines:
        if l.startswith('PID '):
            cur = {}
            listings.append(cur)
        m = re.match(r'^TID (\d+):', l)
        if m:
            cur['lwp:' + m.group(1)] = thread = {'frames': 0, 'lwp': int(m.group(1)), 'name': None}
        elif thread is not None and re.match(r'^#\d+\s', l):
            thread['frames'] += 1
    return listings

def lldb(lines):
    listings, cur, thread, listing = [], None, None, False
    for l in lines:
        if l.startswith('(lldb) bt all'):
            cur, listing = {}, True
            listings.append(cur)
            continue
        if not listing:
            continue
        m = re.match(r"^[* ] thread #(\d+)(?:, name = '(.*?)')?", l)
        if m:
            cur[int(m.group(1))] = thread = {'frames': 0, 'lwp': None, 'name': m.group(2)}
        elif thread is not None and re.match(r'^\s+[* ]?\s*frame #\d+:', l):
            thread['frames'] += 1
    return listings

text = open(sys.argv[1], encoding='utf-8', errors='replace').read().splitlines()
kind = lldb if any(l.startswith('(lldb) ') for l in text) else eu_stack if any(l.startswith('TID ') for l in text) else gdb
listings = kind(text)
last = listings[-1]
keys = list(last)
print(json.dumps({'samples': len(listings), 'threads': len(last),
                  'frames_per_thread': {str(k): last[k]['frames'] for k in keys},
                  'lwp_per_thread': {str(k): last[k]['lwp'] for k in keys},
                  'name_per_thread': {str(k): last[k]['name'] for k in keys}}, indent=1))
