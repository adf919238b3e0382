# Addendum F: E1's paired differences on each base model, and their mean over base models with a t interval.
# usage: analyseF.py E1 F1 F2 F3   (each dir: finetune/results.json, planted-test-7s.csv)
import json, sys, math, csv
T = {2: 4.302652729911275, 3: 3.182446305284263, 4: 2.7764451051977987}  # t quantiles 0.975
def interval(v):
    n = len(v); m = sum(v) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1)); h = T[n - 1] * sd / math.sqrt(n)
    return m, m - h, m + h
pairs = [('curated', 'random'), ('random', 'full'), ('curated', 'full')]
metrics = ['2<->7 confusions', 'accuracy pp', 'marked test 7s predicted 2, pp']
means = {(a, b, k): [] for a, b in pairs for k in metrics}
for d in sys.argv[1:]:
    res = json.load(open(f'{d}/finetune/results.json'))
    runs = {(r['strategy'], r['seed']): r for r in res['runs']}
    marked = {row['ref']: (float(row['share']), int(row['n'])) for row in csv.DictReader(open(f'{d}/planted-test-7s.csv'))}
    seeds = sorted({s for (_, s) in runs})
    n7 = marked['full/0'][1]
    print(f"{d}: base test {res['base']['testAccuracy']}, 2<->7 {res['base']['pairConfusions'][0]['count']}, marked test 7s {n7}")
    for a, b in pairs:
        values = {
            '2<->7 confusions': [runs[(a, s)]['pairConfusions'][0]['count'] - runs[(b, s)]['pairConfusions'][0]['count'] for s in seeds],
            'accuracy pp': [round((runs[(a, s)]['testAccuracy'] - runs[(b, s)]['testAccuracy']) * 100, 2) for s in seeds],
            'marked test 7s predicted 2, pp': [round((marked[f'{a}/{s}'][0] - marked[f'{b}/{s}'][0]) * 100, 2) for s in seeds],
        }
        for k, v in values.items():
            m, lo, hi = interval(v)
            means[(a, b, k)].append(m)
            print(f"  {a} - {b}: {k} per seed {v}, mean {m:+.2f} [{lo:+.2f}, {hi:+.2f}]")
print(f"across the {len(sys.argv) - 1} base models (mean of the per-base means, 95% t interval over bases):")
for (a, b, k), v in means.items():
    m, lo, hi = interval(v)
    print(f"  {a} - {b}: {k}: per base {[round(x, 2) for x in v]}, mean {m:+.2f} [{lo:+.2f}, {hi:+.2f}]")
