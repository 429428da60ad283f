# One line per fit directory: gradients, fit time, max R-hat, the three smallest bulk ESS, the smallest tail ESS, the count below 400, divergences.
import csv, json, sys, os
# usage: summ.py dir...
for d in sys.argv[1:]:
    rows = list(csv.DictReader(open(os.path.join(d, 'summary.csv'))))
    def f(x):
        try: return float(x)
        except: return float('nan')
    rows = [r for r in rows if f(r['rhat']) == f(r['rhat'])]
    rh = max(rows, key=lambda r: f(r['rhat']))
    eb = sorted(rows, key=lambda r: f(r['ess_bulk']))[:3]
    et = min(rows, key=lambda r: f(r['ess_tail']))
    fj = json.load(open(os.path.join(d, 'fit.json')))
    def find(o, key):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == key: return v
                r = find(v, key)
                if r is not None: return r
        elif isinstance(o, list):
            for v in o:
                r = find(v, key)
                if r is not None: return r
        return None
    div = find(fj, 'divergences')
    if isinstance(div, list): div = sum(div)
    n400 = sum(1 for r in rows if f(r['ess_bulk']) < 400)
    print(f"{d}: rhat {f(rh['rhat']):.4f} ({rh['variable']}) bulk " + ", ".join(f"{f(r['ess_bulk']):.0f} {r['variable']}" for r in eb) +
          f" | tail {f(et['ess_tail']):.0f} ({et['variable']}) | n<400 {n400} | div {div}")
