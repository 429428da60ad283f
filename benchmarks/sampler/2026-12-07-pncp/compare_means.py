# Two summary.csv files: |difference| / combined MCSE of every mean and sd, the count above 2 and 3 against the normal expectation.
import csv, sys, math
a = {r['variable']: r for r in csv.DictReader(open(sys.argv[1]))}
b = {r['variable']: r for r in csv.DictReader(open(sys.argv[2]))}
zs = []
for v in a:
    if v not in b: continue
    try:
        for stat, se in (('mean', 'mcse_mean'), ('sd', 'mcse_sd')):
            d = float(a[v][stat]) - float(b[v][stat]); s = math.hypot(float(a[v][se]), float(b[v][se]))
            if s > 0: zs.append((abs(d / s), v, stat, float(a[v][stat]), float(b[v][stat])))
    except ValueError: pass
zs.sort(reverse=True)
n = len(zs)
print(f"{n} comparisons; |z|>2: {sum(z[0] > 2 for z in zs)} (expect ~{0.0455*n:.0f}); |z|>3: {sum(z[0] > 3 for z in zs)} (expect ~{0.0027*n:.1f}); max:")
for z in zs[:6]: print(f"  {z[1]} {z[2]}: {z[3]:.4f} vs {z[4]:.4f} z={z[0]:.2f}")
for v in ['sd_LOCATION__Intercept', 'sd_BROOD__Intercept', 'sd_INDEX__Intercept', 'b_Intercept', 'b_cHEIGHT']:
    print(f"  {v}: {float(a[v]['mean']):.4f}±{float(a[v]['mcse_mean']):.4f} vs {float(b[v]['mean']):.4f}±{float(b[v]['mcse_mean']):.4f}; q5 {float(a[v]['q5']):.4f} vs {float(b[v]['q5']):.4f}")
