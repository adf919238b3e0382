import json, sys, math, csv
d = sys.argv[1]
res = json.load(open(f'{d}/finetune/results.json'))
runs = {(r['strategy'], r['seed']): r for r in res['runs']}
marked = {row['ref']: float(row['share']) for row in csv.DictReader(open(f'{d}/planted-test-7s.csv'))}
T4 = 2.7764451051977987  # t quantile 0.975, 4 degrees of freedom
def interval(v):
    n = len(v); m = sum(v) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1)); h = T4 * sd / math.sqrt(n)
    return m, m - h, m + h
seeds = sorted({s for (_, s) in runs})
print(f"base: test {res['base']['testAccuracy']}, 2<->7 {res['base']['pairConfusions'][0]['count']}")
for a, b in [('curated', 'random'), ('random', 'full'), ('curated', 'full')]:
    conf = [runs[(a, s)]['pairConfusions'][0]['count'] - runs[(b, s)]['pairConfusions'][0]['count'] for s in seeds]
    acc = [round((runs[(a, s)]['testAccuracy'] - runs[(b, s)]['testAccuracy']) * 100, 2) for s in seeds]
    mk = [round((marked[f'{a}/{s}'] - marked[f'{b}/{s}']) * 100, 2) for s in seeds]
    for name, v, fmt in [('2<->7 confusions', conf, '{:+.1f}'), ('accuracy pp', acc, '{:+.2f}'), ('marked test 7s predicted 2, pp', mk, '{:+.2f}')]:
        m, lo, hi = interval(v)
        print(f"{a} - {b}: {name} per seed {v}, mean {fmt.format(m)} [{lo:+.2f}, {hi:+.2f}]")
