import csv,sys
for d in sys.argv[1:]:
    sims={}
    for r in csv.DictReader(open(d+'/ranks.csv')):
        sims[r['sim']]=r
    div=sum(1 for r in sims.values() if float(r['divergences'] or 0)>0)
    rh=sum(1 for r in sims.values() if float(r['max_rhat'] or 0)>1.01)
    ess=sorted(float(r['min_ess_bulk']) for r in sims.values())
    t=sum(float(r['run_time_s']) for r in sims.values())
    u=list(csv.DictReader(open(d+'/uniformity.csv')))
    ps=' '.join(f"{x['variable']}={float(x['p_value']):.2f}" for x in u)
    print(f"{d}: fits {len(sims)} div {div} rhat>1.01 {rh} median minESS {ess[len(ess)//2]:.0f} fit-seconds {t:.0f} | {ps}")
