data {
  int N; int NB; int NL; int K;
  int y[N]; matrix[N,K] X; int brood[N]; int loc[N];
  int brood_loc[NB];
  real cb; real ci; // centring weights for brood and index (0 = non-centred, 1 = centred)
  int hier; // 1: brood centred around its location's effect
}
parameters {
  real a; vector[K] b;
  real<lower=0> sb; real<lower=0> si; real<lower=0> sl;
  vector[NB] ub; vector[N] ui; vector[NL] zl;
}
transformed parameters {
  vector[NL] rl = sl * zl;
  vector[NB] rb = pow(sb, 1 - cb) * ub;   // brood effect (or brood total when hier)
  vector[N] ri = pow(si, 1 - ci) * ui;
}
model {
  vector[N] eta = a + X * b + ri;
  if (hier) eta += rb[brood]; else eta += rb[brood] + rl[loc];
  y ~ poisson_log(eta);
  a ~ student_t(3, 0, 2.5); 
  sb ~ student_t(3, 0, 2.5); si ~ student_t(3, 0, 2.5); sl ~ student_t(3, 0, 2.5);
  zl ~ std_normal();
  if (hier) { // rb is the brood total: rb ~ N(rl[loc], sb), with partial centring on the deviation
    ub ~ normal(cb * rl[brood_loc] / pow(sb, 1 - cb) , pow(sb, cb));
  } else ub ~ normal(0, pow(sb, cb));
  ui ~ normal(0, pow(si, ci));
}
