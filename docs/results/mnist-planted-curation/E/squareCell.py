# How often each mask covers the square's feature-map cell (0, 0) in the marked training 2s (issue 15, exp. 2, addendum E).
# usage: squareCell.py <curation dir> <shortcut-train.csv: header 'sample', the training-split index of each marked sample>
import json, struct, sys, csv
d, plantedCsv = sys.argv[1], sys.argv[2]
buf = open(f'{d}/masked-cells.bin', 'rb').read()
assert buf[:8] == b'I2XARRAY'
n = struct.unpack_from('<I', buf, 8)[0]
header = json.loads(buf[12:12 + n])
start = (12 + n + 7) // 8 * 8
sets, N, h, w = header['shape']
cells = buf[start:start + sets * N * h * w]
marked = {int(r['sample']) for r in csv.DictReader(open(plantedCsv))}
rec = json.load(open(f'{d}/curation.json'))
print('settings', rec['settings'])
print('masked samples per class (curated):', rec['perClass'] if 'perClass' in rec else '')
for s, name in enumerate(['curated', 'random'][:sets]):
    at = lambda i, y, x: cells[((s * N + i) * h + y) * w + x]
    anyCell = lambda i: any(cells[(s * N + i) * h * w:(s * N + i + 1) * h * w])
    hit = sum(at(i, 0, 0) for i in marked)
    anym = sum(anyCell(i) for i in marked)
    clean = sum(at(i, 0, 0) for i in range(N) if i not in marked)
    print(f'{name}: marked samples with cell (0,0) masked: {hit} of {len(marked)}; any cell masked: {anym}; other samples with cell (0,0) masked: {clean} of {N - len(marked)}')
