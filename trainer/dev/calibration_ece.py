"""Dev only: which calibration holds up when the base rate drifts (not part of `pnpm test`).

Reads the raw logits `dump-logits.ts` writes (training, validation, calibration, internal test and the evaluation
cut-off of a model trained before it) and prints the ECE at the evaluation cut-off of Platt fit on: the calibration
cut-off alone (M0, what the metrics evaluate), plus the early-stopping profiles' cut-offs (M3), a base-rate shift from
labels alone (M1), in-sample cut-off offsets (M2), the latest complete cut-off alone (M5), and every cut-off example the
fit never saw (M8, what the artifact ships); "oracle" is Platt fit on the evaluation itself (the floor).

    for c in 2011-06-01 2011-07-01 2011-08-01 2011-09-01 2011-10-01; do
      npx tsx trainer/dev/dump-logits.ts /tmp/z-purchase-30d-$c.csv purchase-30d $c; done
    /usr/bin/python3 trainer/dev/calibration_ece.py /tmp/z-*.csv
"""
import sys, numpy as np, pandas as pd
from scipy.optimize import minimize
def sig(x): return 1/(1+np.exp(-x))
def logit(p): return np.log(p/(1-p))
def ece(p,y,bins=10):
    idx=np.minimum((p*bins).astype(int),bins-1); e=0
    for b in range(bins):
        m=idx==b
        if m.any(): e+=m.sum()*abs(p[m].mean()-y[m].mean())
    return e/len(p)
def platt(z,y,a=None,w=None):
    w=np.ones(len(z)) if w is None else w
    if a is None:
        f=lambda ab: np.sum(w*(np.logaddexp(0,ab[0]*z+ab[1])-y*(ab[0]*z+ab[1]))); return minimize(f,[1,0]).x
    f=lambda b: np.sum(w*(np.logaddexp(0,a*z+b[0])-y*(a*z+b[0]))); return np.array([a,minimize(f,[0]).x[0]])
rows=[]
for f in sys.argv[1:]:
    d=pd.read_csv(f); ev=d[d.set=='eval']; cal=d[d.set=='calibration']; z,y=ev.z.values,ev.label.values
    res={'case':f.split('/')[-1][3:-4],'n':len(ev),'rate':round(y.mean(),3)}
    a,b=platt(cal.z.values,cal.label.values); res['M0 platt@cal']=ece(sig(a*z+b),y)
    stop_cut=d[(d.set=='stop')&(d.kind=='cutoff')]
    pool=pd.concat([cal,stop_cut]); a3,b3=platt(pool.z.values,pool.label.values); res['M3 +stop cutoffs']=ece(sig(a3*z+b3),y)
    cuts=d[(d.kind=='cutoff')&d.set.isin(['train','stop'])]
    rates=cuts.groupby('t').label.mean(); rc=cal.label.mean()
    rbar=np.mean(list(rates.values)+[rc])
    res['M1 labelshift']=ece(sig(a*z+b+logit(rbar)-logit(rc)),y)
    # model-based per-cutoff offsets with fixed a
    offs=[platt(g.z.values,g.label.values,a)[1] for t,g in cuts.groupby('t') if g.label.nunique()==2 and len(g)>=50]
    res['M2 in-sample b']=ece(sig(a*z+np.mean(offs)),y) if offs else np.nan
    ao,bo=platt(z,y); res['oracle']=ece(sig(ao*z+bo),y)
    rows.append(res)
pd.set_option('display.width',200); t=pd.DataFrame(rows); print(t.round(4).to_string()); print(t.mean(numeric_only=True).round(4).to_string())
print('--- latest-window variants')
rows=[]
for f in sys.argv[1:]:
    d=pd.read_csv(f); ev=d[d.set=='eval']; cal=d[d.set=='calibration']; te=d[d.set=='test']; z,y=ev.z.values,ev.label.values
    res={'case':f.split('/')[-1][3:-4]}
    a,b=platt(cal.z.values,cal.label.values); res['M0']=ece(sig(a*z+b),y)
    a5,b5=platt(te.z.values,te.label.values); res['M5 platt@test']=ece(sig(a5*z+b5),y)
    _,b7=platt(te.z.values,te.label.values,a); res['M7 a@cal b@test']=ece(sig(a*z+b7),y)
    pool=pd.concat([cal,te]); a6,b6=platt(pool.z.values,pool.label.values); res['M6 cal+test']=ece(sig(a6*z+b6),y)
    stop_cut=d[(d.set=='stop')&(d.kind=='cutoff')]
    pool=pd.concat([cal,te,stop_cut]); a8,b8=platt(pool.z.values,pool.label.values); res['M8 cal+stop+test']=ece(sig(a8*z+b8),y)
    rows.append(res)
t=pd.DataFrame(rows); print(t.round(4).to_string()); print(t.mean(numeric_only=True).round(4).to_string())

print('--- where the error is: the slope or the base rate (M8 slope with the scored window\'s own intercept), and label-shift EM')
def em_prior(p, pi, iters=200):
    """Saerens et al. (2002): the prior of the scored population from its unlabelled predictions (features only)."""
    q = pi
    for _ in range(iters):
        r, s_ = q / pi, (1 - q) / (1 - pi)
        pp = r * p / (r * p + s_ * (1 - p)); qn = pp.mean()
        if abs(qn - q) < 1e-7: break
        q = qn
    return pp
rows=[]
for f in sys.argv[1:]:
    d=pd.read_csv(f); ev=d[d.set=='eval']; cal=d[d.set=='calibration']; te=d[d.set=='test']; z,y=ev.z.values,ev.label.values
    stop_cut=d[(d.set=='stop')&(d.kind=='cutoff')]
    pool=pd.concat([cal,te,stop_cut]); a8,b8=platt(pool.z.values,pool.label.values)
    _,bo=platt(z,y,a8); ao,bo2=platt(z,y)
    rows.append({'case':f.split('/')[-1].removeprefix('z-')[:-4],'rate':round(y.mean(),3),'M8':ece(sig(a8*z+b8),y),'M8 mean p':round(sig(a8*z+b8).mean(),3),
      'M8 slope, own intercept':ece(sig(a8*z+bo),y),'EM prior shift':ece(em_prior(sig(a8*z+b8),pool.label.mean()),y),'oracle':ece(sig(ao*z+bo2),y)})
t=pd.DataFrame(rows); print(t.round(4).to_string()); print(t.mean(numeric_only=True).round(4).to_string())
