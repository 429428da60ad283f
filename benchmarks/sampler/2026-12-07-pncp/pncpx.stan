data {
  int N; int NB; int NL;
  int y[N];
  int brood[N]; int loc[NB];
  matrix[N, 3] X;  // YEAR96, YEAR97, cHEIGHT (centred)
  vector[NL] xl;   // cHEIGHT per location (centred as X[,3])
  vector[N] wI; vector[NB] wB; vector[NL] wL;
}
parameters {
  real Intercept; vector[3] b;
  real<lower=0> sdI; real<lower=0> sdB; real<lower=0> sdL;
  vector[NL] tL; vector[NB] tB; vector[N] tI;
}
transformed parameters {
  vector[NL] L; vector[NB] B; vector[N] I;
  for (l in 1:NL) L[l] = b[3] * xl[l] + pow(sdL, 1 - wL[l]) * (tL[l] - wL[l] * b[3] * xl[l]);
  for (j in 1:NB) B[j] = L[loc[j]] + pow(sdB, 1 - wB[j]) * (tB[j] - wB[j] * L[loc[j]]);
  for (i in 1:N) I[i] = B[brood[i]] + pow(sdI, 1 - wI[i]) * (tI[i] - wI[i] * B[brood[i]]);
}
model {
  Intercept ~ student_t(3, 0.7, 2.5);
  sdI ~ student_t(3, 0, 2.5); sdB ~ student_t(3, 0, 2.5); sdL ~ student_t(3, 0, 2.5);
  for (l in 1:NL) tL[l] ~ normal(wL[l] * b[3] * xl[l], pow(sdL, wL[l]));
  for (j in 1:NB) tB[j] ~ normal(wB[j] * L[loc[j]], pow(sdB, wB[j]));
  for (i in 1:N) tI[i] ~ normal(wI[i] * B[brood[i]], pow(sdI, wI[i]));
  y ~ poisson_log(Intercept + X[, 1:2] * b[1:2] + I);
}
