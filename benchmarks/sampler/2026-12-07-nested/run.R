suppressMessages(library(rstan)); rstan_options(auto_write=TRUE); rstan::rstan_options(boost_lib = "/usr/include")
d <- read.csv("/work/wt/centre/models/grouseticks.csv")
d$YEAR <- factor(d$YEAR); X <- model.matrix(~ YEAR + cHEIGHT, d)[, -1]
bf <- factor(d$BROOD); lf <- factor(d$LOCATION)
bl <- as.integer(lf)[match(levels(bf), as.character(d$BROOD))]
args <- commandArgs(TRUE); cb <- as.numeric(args[1]); ci <- as.numeric(args[2]); hier <- as.integer(args[3])
sd <- list(N=nrow(d), NB=nlevels(bf), NL=nlevels(lf), K=ncol(X), y=d$TICKS, X=X, brood=as.integer(bf), loc=as.integer(lf), brood_loc=bl, cb=cb, ci=ci, hier=hier)
m <- stan_model("g.stan")
f <- sampling(m, data=sd, chains=4, cores=2, seed=1, refresh=0)
s <- summary(f, pars=c("sb","si","sl"))$summary
print(round(s[, c("mean","sd","n_eff","Rhat")], 3))
sp <- get_sampler_params(f, inc_warmup=FALSE); cat("div", sum(sapply(sp, function(x) sum(x[,"divergent__"]))), " leapfrog", sum(sapply(sp, function(x) sum(x[,"n_leapfrog__"]))), "\n")
