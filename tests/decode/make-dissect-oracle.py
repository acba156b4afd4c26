#!/usr/bin/env python3
"""Writes golden/dissect-tshark.json: for the frames listed in dissect-frames.json, every field
tshark 4.0.17 shows in its tree (PDML) as [name, pos, size], the reference for dissect.test.ts.

Run from tests/decode with tshark 4.0.17 installed (Debian 12 `tshark`):  ./make-dissect-oracle.py
Same preferences as ../../../shared/corpus/ORACLE.md (no reassembly, fresh config dir), plus raw TCP
sequence numbers. Bit sub-fields, resolved names and tshark's generated analysis fields are left
out (nta-top does not show them); the output is sorted and stable.
"""
import json
import os
import subprocess
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'corpus', 'captures'))
FIXTURES = os.path.normpath(os.path.join(HERE, '..', '..', 'fixtures'))
# Any-address/any-port duplicates, resolved names, bit sub-fields and generated analysis fields.
SKIP_NAMES = {'eth.addr', 'ip.addr', 'ipv6.addr', 'tcp.port', 'udp.port', 'eth.lg', 'eth.ig', 'ipv6.slaac_mac'}
SKIP_PARTS = ('_resolved', '_host', 'analysis', '.stream', 'checksum.status', '.time_', 'tclass.', '.dsfield.',
              'flags.', 'ja3', 'completeness', 'nxtseq', 'window_size_scalefactor', 'slaac')


def wanted(name):
    if '.' not in name or name.startswith(('frame.', '_ws.', 'eth.dst.', 'eth.src.', 'eth.addr.')) or name in SKIP_NAMES:
        return False
    return not any(s in name for s in SKIP_PARTS)
PREFS = ['ip.defragment:FALSE', 'ipv6.defragment:FALSE', 'tcp.desegment_tcp_streams:FALSE', 'tcp.relative_sequence_numbers:FALSE']


def fields_of(path, numbers, cfg):
    cmd = ['tshark', '-n', '-r', path, '-T', 'pdml', '-Y', ' || '.join('frame.number == %d' % n for n in numbers)]
    for p in PREFS:
        cmd += ['-o', p]
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=cfg, LC_ALL='C.UTF-8')
    root = ET.fromstring(subprocess.run(cmd, capture_output=True, env=env, check=True).stdout)
    out = {}
    for pkt in root.findall('packet'):
        num = None
        fields = set()
        protos = []

        def walk(el):
            nonlocal num
            for c in el:
                if c.tag == 'proto':
                    if c.get('name') not in ('geninfo', 'frame', 'fake-field-wrapper'):
                        protos.append(c.get('name'))
                elif c.tag == 'field':
                    name = c.get('name') or ''
                    if name == 'frame.number':
                        num = int(c.get('show'))
                    if wanted(name):
                        fields.add((name, int(c.get('pos') or 0), int(c.get('size') or 0)))
                walk(c)

        walk(pkt)
        out[str(num)] = {'protocols': protos, 'fields': sorted(fields, key=lambda f: (f[1], f[0], f[2]))}
    return out


def main():
    frames = json.load(open(os.path.join(HERE, 'dissect-frames.json')))
    result = {'tshark': subprocess.run(['tshark', '--version'], capture_output=True).stdout.decode().splitlines()[0], 'files': {}}
    with tempfile.TemporaryDirectory() as cfg:
        for name, numbers in frames:
            path = os.path.join(CORPUS, name)
            if not os.path.exists(path):
                path = os.path.join(FIXTURES, name)
            result['files'][name] = fields_of(path, numbers, cfg)
    # One frame per line keeps the file small and its diffs readable.
    lines = ['{"tshark": %s, "files": {' % json.dumps(result['tshark'])]
    files = sorted(result['files'].items())
    for i, (name, per) in enumerate(files):
        lines.append('%s: {' % json.dumps(name))
        items = sorted(per.items(), key=lambda kv: int(kv[0]))
        for j, (num, v) in enumerate(items):
            lines.append('  %s: %s%s' % (json.dumps(num), json.dumps(v, separators=(',', ':')), ',' if j < len(items) - 1 else ''))
        lines.append('}' + (',' if i < len(files) - 1 else ''))
    lines.append('}}')
    with open(os.path.join(HERE, 'golden', 'dissect-tshark.json'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


main()
