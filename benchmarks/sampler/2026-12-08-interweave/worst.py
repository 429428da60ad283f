import csv,sys,json,os
for d in sys.argv[1:]:
    rows=list(csv.DictReader(open(os.path.join(d,'summary.csv'))))
    def f(r,k):
        try: return float(r[k])
        except: return float('nan')
    rh=max(rows,key=lambda r:f(r,'rhat')); be=min(rows,key=lambda r:f(r,'ess_bulk')); te=min(rows,key=lambda r:f(r,'ess_tail'))
    fj=json.load(open(os.path.join(d,'fit.json')))
    div=sum(c.get('divergences',0) or 0 for c in fj['chains']) if 'chains' in fj else '?'
    print(f"{d}: rhat {f(rh,'rhat'):.3f} ({rh['variable']}) bulk {f(be,'ess_bulk'):.0f} ({be['variable']}) tail {f(te,'ess_tail'):.0f} div {div} grads {fj.get('gradient_evaluations')}")
