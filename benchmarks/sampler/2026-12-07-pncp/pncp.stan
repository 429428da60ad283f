data {
  int N; int NB; int NL;
  int y[N];
  int brood[N]; int loc[NB];
  matrix[N, 3] X;  // YEAR96, YEAR97, cHEIGHT (centred)
  vector[N] wI; vector[NB] wB; vector[NL] wL;   // centring weights (1 centred, 0 non-centred)
}
parameters {
  real Intercept; vector[3] b;
  real<lower=0> sdI; real<lower=0> sdB; real<lower=0> sdL;
  vector[NL] tL; vector[NB] tB; vector[N] tI;
}
transformed parameters {
  vector[NL] L; vector[NB] B; vector[N] I;
  for (l in 1:NL) L[l] = pow(sdL, 1 - wL[l]) * tL[l];
  for (j in 1:NB) B[j] = L[loc[j]] + pow(sdB, 1 - wB[j]) * (tB[j] - wB[j] * L[loc[j]]);
  for (i in 1:N) I[i] = B[brood[i]] + pow(sdI, 1 - wI[i]) * (tI[i] - wI[i] * B[brood[i]]);
}
model {
  Intercept ~ student_t(3, 0.7, 2.5);
  sdI ~ student_t(3, 0, 2.5); sdB ~ student_t(3, 0, 2.5); sdL ~ student_t(3, 0, 2.5);
  for (l in 1:NL) tL[l] ~ normal(0, pow(sdL, wL[l]));
  for (j in 1:NB) tB[j] ~ normal(wB[j] * L[loc[j]], pow(sdB, wB[j]));
  for (i in 1:N) tI[i] ~ normal(wI[i] * B[brood[i]], pow(sdI, wI[i]));
  y ~ poisson_log(Intercept + X * b + I);
}
