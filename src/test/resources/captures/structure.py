#!/usr/bin/env python3
"""What a capture holds, read from its raw text independently of btexplain: the number of listings, and for the last
listing each thread's frame count, LWP and name, keyed as the truth files key them (gdb's or LLDB's thread number;
"lwp:N" for eu-stack; the place in the dump for faulthandler and py-spy; gdb's number for py-bt; gdb's number for gdb's listing joined with a runtime's dump). The truth files' structure fields are written from this; their verdicts from how the capture
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

def faulthandler(lines):
    # threads numbered in the order the dump prints them
    cur, thread = {}, None
    for l in lines:
        if re.match(r'^(Current thread|Thread) 0x[0-9a-f]+ \(most recent call first\):$', l) or l == 'Stack (most recent call first):':
            cur[len(cur) + 1] = thread = {'frames': 0, 'lwp': None, 'name': None}
        elif thread is not None and re.match(r'^  File ', l):
            thread['frames'] += 1
    return [cur]

PY_SPY_THREAD = r'^Thread (\d+|0x[0-9A-F]+) \((?:idle|active|active\+gil|gil)\)(?:: "(.*)")?$'
PY_SPY_FRAME = r'^    (?! )\S.* \(.*\)$'

def py_spy(lines):
    # threads numbered in the order the dump prints them, with the OS thread id py-spy prints
    cur, thread = {}, None
    for l in lines:
        m = re.match(PY_SPY_THREAD, l)
        if m:
            lwp = int(m.group(1)) if m.group(1).isdigit() else None
            cur[len(cur) + 1] = thread = {'frames': 0, 'lwp': lwp, 'name': m.group(2)}
        elif thread is not None and re.match(PY_SPY_FRAME, l):
            thread['frames'] += 1
    return [cur]

def py_bt(lines):
    # gdb's py-bt (CPython's gdb extension), alone or with bt of the same threads in either order: one listing, each
    # thread with its Python entries (File lines, the C calls and GIL waits py-bt prints) added to gdb's frames
    cur, thread, python = {}, None, False
    for l in lines:
        m = re.match(r'^Thread (\d+) \(.*?(?:LWP (\d+))?\)?(?: "(.*)")?\):\s*$', l)
        if m:
            n = int(m.group(1))
            thread = cur.setdefault(n, {'frames': 0, 'lwp': int(m.group(2)) if m.group(2) else None, 'name': m.group(3)})
            python = False
        elif l == 'Traceback (most recent call first):':
            python = True
        elif thread is not None and python and re.match(r'^  (?:File "|<built-in |Waiting for the GIL$|\(unable to read python frame|\(frame information optimized out\))', l):
            thread['frames'] += 1
        elif thread is not None and re.match(r'^#\d+\s', l):
            thread['frames'] += 1
    return [cur]

def python_traceback(lines):
    # each "Traceback (most recent call last):" a stack, by its place ("unnumbered" when it is the only one), its frames
    # the File lines, named by the "Exception in thread NAME:" title before it
    stacks, name = [], None
    for l in lines:
        m = re.match(r'^Exception in thread (.+?):$', l)
        if m:
            name = m.group(1)
        elif l == 'Traceback (most recent call last):':
            stacks.append({'frames': 0, 'lwp': None, 'name': name})
        elif stacks and re.match(r'^  File ".*", line \d+, in ', l):
            stacks[-1]['frames'] += 1
        elif stacks and re.match(r'^[A-Za-z_][\w.]*(?:: .*)?$', l) and 'exception' not in stacks[-1]:
            stacks[-1]['exception'] = l
        elif stacks and l.startswith('The above exception was the direct cause'):
            stacks[-1]['chained'] = 'Cause: '
        elif stacks and l.startswith('During handling of the above exception'):
            stacks[-1]['chained'] = 'Context: '
    for s in stacks[:-1]:
        # an exception the next was raised from, or while handling it: named by its line
        s['name'] = s.get('chained', '') + s['exception'] if 'exception' in s else s['name']
    for s in stacks:
        s.pop('chained', None)
    for s in stacks:
        s.pop('exception', None)
    if len(stacks) == 1:
        return [{'unnumbered': stacks[0]}]
    return [{'stack:%d' % (i + 1): s for i, s in enumerate(stacks)}]

def java_exception(lines):
    # each exception a stack by its place: the thread's (Exception in thread "NAME"), a logged one's ("Thrown: LINE"),
    # each cause or suppressed one's ("Caused by: LINE"); "... N more" adds the last N frames of the trace it is in
    stacks = []
    for l in lines:
        m = re.match(r'^Exception in thread "(.*)" ', l)
        n = re.match(r'^\t*(Caused by|Suppressed): ', l)
        if m:
            stacks.append({'frames': [], 'lwp': None, 'name': m.group(1), 'depth': 0, 'parent': None})
        elif re.match(r'^(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?:: .*)?$', l):
            stacks.append({'frames': [], 'lwp': None, 'name': 'Thrown: ' + l, 'depth': 0, 'parent': None})
        elif n:
            depth = len(l) - len(l.lstrip('\t'))
            suppressed = n.group(1) == 'Suppressed'
            parent = next(i for i in range(len(stacks) - 1, -1, -1)
                          if (stacks[i]['depth'] < depth if suppressed else stacks[i]['depth'] == depth))
            stacks.append({'frames': [], 'lwp': None, 'name': l.strip(), 'depth': depth, 'parent': parent})
        elif stacks and re.match(r'^\s+at ', l):
            stacks[-1]['frames'].append(l)
        elif stacks and re.match(r'^\s+\.\.\. \d+ more$', l):
            more = int(l.split()[1])
            parent = stacks[stacks[-1]['parent']]['frames']
            stacks[-1]['more'] = parent[len(parent) - more:]
    out = {}
    for i, st in enumerate(stacks):
        out['stack:%d' % (i + 1) if len(stacks) > 1 else 'unnumbered'] = {
            'frames': len(st['frames']) + len(st.get('more', [])), 'lwp': None, 'name': st['name']}
    return [out]

def jstack(lines):
    # Java threads by their #id, the VM's own threads (no #id) as lwp:NID; frames are "at" lines (not the deadlock
    # section's repeats)
    cur, thread = {}, None
    for l in lines:
        m = re.match(r'^"(.*)" (?:#(\d+) )?(?:\[\d+\] )?.*nid=(0x[0-9a-f]+|\d+)', l)
        if l.startswith('JNI global') or l.startswith('Found one Java-level deadlock'):
            thread = None
        elif m:
            key = int(m.group(2)) if m.group(2) else 'lwp:%d' % int(m.group(3), 0)
            cur[key] = thread = {'frames': 0, 'lwp': int(m.group(3), 0), 'name': m.group(1)}
        elif thread is not None and re.match(r'^\s+at ', l):
            thread['frames'] += 1
    return [cur]

def jcmd(lines):
    # jcmd Thread.dump_to_file's text: threads by their #id; frames indented, with "at " (JDK 25) or without (JDK 21)
    cur, thread = {}, None
    for l in lines:
        m = re.match(r'^#(\d+) "(.*)"', l)
        if m:
            cur[int(m.group(1))] = thread = {'frames': 0, 'lwp': None, 'name': m.group(2) or None}
        elif thread is not None and re.match(r'^ {4,}(?:at )?[\w$/.<>]+\(.*\)$', l):
            thread['frames'] += 1
    return [cur]

def joined(lines):
    # gdb's listing, then a jstack or faulthandler dump of the same process: each gdb thread with the dump's frames of
    # the thread of the same id (jstack's nid = LWP, replacing gdb's frames from the first ??; faulthandler's
    # "Thread 0x…" = pthread_t, added to gdb's); the dump names a JVM thread in full
    listing = gdb(lines)[-1]
    ids, thread, gdb_frames = {}, None, {}
    for l in lines:
        m = re.match(r'^Thread (\d+) \(Thread (0x[0-9a-f]+) \(LWP (\d+)\)', l)
        if m:
            thread = int(m.group(1)); ids[thread] = (int(m.group(3)), m.group(2)); gdb_frames[thread] = []
        elif thread is not None and re.match(r'^#\d+\s', l):
            gdb_frames[thread].append('?? ()' in l)
    dump, key = {}, None
    for l in lines:
        m = re.match(r'^"(.*)" .*nid=(0x[0-9a-f]+|\d+)', l)
        p = re.match(r'^(?:Current thread|Thread) 0x0*([0-9a-f]+) \(most recent call first\):$', l)
        s = re.match(PY_SPY_THREAD, l)
        if l.startswith('JNI global') or l.startswith('Found one Java-level deadlock'):
            key = None  # the deadlock section repeats stacks of threads already read
        elif m:
            key = ('lwp', int(m.group(2), 0)); dump[key] = {'frames': 0, 'name': m.group(1)}
        elif p:
            key = ('pthread', '0x' + p.group(1)); dump[key] = {'frames': 0, 'name': None}
        elif s and s.group(1).isdigit():
            key = ('py-spy', int(s.group(1))); dump[key] = {'frames': 0, 'name': s.group(2)}
        elif key is not None and (re.match(r'^\s+at ', l) or re.match(r'^  File ', l) or re.match(PY_SPY_FRAME, l)):
            dump[key]['frames'] += 1
    for n, t in listing.items():
        lwp, pthread = ids[n]
        if ('lwp', lwp) in dump:
            d = dump[('lwp', lwp)]
            unknown = gdb_frames[n].index(True) if True in gdb_frames[n] and d['frames'] else len(gdb_frames[n])
            t['frames'] = unknown + d['frames']
            t['name'] = d['name'] or t['name']
        elif ('py-spy', lwp) in dump:
            # py-spy's thread id is the LWP; its Python frames are added to gdb's, as faulthandler's
            t['frames'] += dump[('py-spy', lwp)]['frames']
            t['name'] = dump[('py-spy', lwp)]['name'] or t['name']
        elif ('pthread', pthread) in dump:
            t['frames'] += dump[('pthread', pthread)]['frames']
    return [listing]

def go(lines):
    # goroutines by id; a frame is a function line followed by its tab-indented location (created by's is no frame);
    # a race report's stacks ("Write at 0x… by goroutine 7:") by their place, their locations indented by six spaces
    cur, thread, pending, race = {}, None, False, 0
    for l in lines:
        m = re.match(r'^goroutine (\d+) (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[.*\]:$', l)
        if m:
            cur[int(m.group(1))] = thread = {'frames': 0, 'lwp': None, 'name': None}
            pending = False
        elif re.match(r'^((Previous )?([Aa]tomic )?([Rr]ead|[Ww]rite)( of size \d+)? at 0x[0-9a-f]+ by .*|Goroutine \d+ \((running|finished)\) created at):$', l):
            race += 1
            cur['stack:%d' % race] = thread = {'frames': 0, 'lwp': None, 'name': l[:-1]}
            pending = False
        elif thread is not None and (l.startswith('\t') or l.startswith('      ')) and pending:
            thread['frames'] += 1
            pending = False
        elif thread is not None and not l.startswith('created by ') and re.match(r'^ {0,2}\S.*\)$', l):
            pending = True
        else:
            pending = False
    return [cur]

def joined_go(lines):
    # gdb's listing, then a goroutine dump printed with each frame's pc=: a goroutine whose frames hold two or more of a
    # gdb thread's frame addresses (the most, and no other thread as many) is that thread, named "goroutine N"; the
    # other goroutines follow the listing's threads, numbered after them in the dump's order
    listing = gdb([l for l in lines if not l.startswith('goroutine ')])
    cur = listing[-1] if listing else {}
    pcs = {}
    number = None
    for l in lines:
        m = re.match(r'^Thread (\d+) ', l)
        if m:
            number = int(m.group(1))
        elif number is not None and re.match(r'^#\d+\s+0x([0-9a-f]+) in ', l):
            pcs.setdefault(number, set()).add(int(re.match(r'^#\d+\s+0x([0-9a-f]+) in ', l).group(1), 16))
        elif l.startswith('goroutine '):
            break
    dump = go(lines)[0]
    gpcs, gid = {}, None
    for l in lines:
        m = re.match(r'^goroutine (\d+) ', l)
        if m:
            gid = int(m.group(1))
        elif gid is not None:
            p = re.search(r' pc=0x([0-9a-f]+)$', l)
            if p:
                gpcs.setdefault(gid, set()).add(int(p.group(1), 16))
    nxt = max(cur) + 1 if cur else 1
    for g, info in dump.items():
        held = {t: len(gpcs.get(g, set()) & pcs.get(t, set())) for t in cur}
        best = max(held.values()) if held else 0
        hosts = [t for t, n in held.items() if n == best]
        if best >= 2 and len(hosts) == 1:
            cur[hosts[0]]['name'] = 'goroutine %d' % g
        else:
            cur[nxt] = {'frames': info['frames'], 'lwp': None, 'name': None}
            nxt += 1
    return [cur]

text = open(sys.argv[1], encoding='utf-8', errors='replace').read().splitlines()
pybt = any(l == 'Traceback (most recent call first):' for l in text)
spied = any(re.match(PY_SPY_THREAD, l) for l in text)
dumped = spied or any(re.match(r'^(Current thread|Thread) 0x[0-9a-f]+ \(most recent call first\):$', l) or re.match(r'^"(.*)" .*nid=', l) for l in text)
gone = any(re.match(r'^goroutine \d+ .*\]:$', l) or l == 'WARNING: DATA RACE' for l in text)
jstacked = any(re.match(r'^"(.*)" .*nid=', l) for l in text)
pytb = any(l == 'Traceback (most recent call last):' for l in text) and not any(re.match(r'^Thread (?:\d+|0x[0-9a-fA-F]+) \(', l) for l in text)
javaex = any(re.match(r'^Exception in thread "', l) or re.match(r'^\t*Caused by: ', l) for l in text) and not any('java.lang.Thread.State' in l for l in text)
listed = any(re.match(r'^Thread \d+ \((?:Thread|LWP|process) ', l) for l in text)  # gdb's own thread headers
jcmded = any(re.match(r'^#\d+ "', l) for l in text) and not listed
kind = joined_go if gone and listed else jcmd if jcmded else py_bt if pybt else java_exception if javaex else python_traceback if pytb else go if gone else joined if dumped and listed else jstack if jstacked else py_spy if spied else faulthandler if dumped else lldb if any(l.startswith('(lldb) ') for l in text) else eu_stack if any(l.startswith('TID ') for l in text) else gdb
listings = kind(text)
last = listings[-1]
keys = list(last)
print(json.dumps({'samples': len(listings), 'threads': len(last),
                  'frames_per_thread': {str(k): last[k]['frames'] for k in keys},
                  'lwp_per_thread': {str(k): last[k]['lwp'] for k in keys},
                  'name_per_thread': {str(k): last[k]['name'] for k in keys}}, indent=1))
