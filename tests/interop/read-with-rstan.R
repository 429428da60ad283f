# Reads a fit's chain files with rstan::read_stan_csv, the strictest of the CmdStan CSV readers, and prints
# what it found. Usage: Rscript tests/interop/read-with-rstan.R out/radon
# Needs R with rstan (Debian: apt-get install r-base-core r-cran-rstan). Not part of the test suite.
suppressMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "out/radon"
files <- Sys.glob(file.path(dir, "chain-*.csv"))
stopifnot(length(files) > 0)
fit <- read_stan_csv(files)
cat("rstan", as.character(packageVersion("rstan")), "read", length(files), "chains\n")
s <- summary(fit)$summary
cat(nrow(s), "variables; the first:", head(rownames(s), 8), "\n")
print(s[c(seq_len(min(6, nrow(s))), nrow(s)), c("mean", "sd", "n_eff", "Rhat")])
sp <- get_sampler_params(fit, inc_warmup = FALSE)
cat("sampler columns:", colnames(sp[[1]]), "\n")
cat("divergent transitions per chain:", sapply(sp, function(m) sum(m[, "divergent__"])), "\n")
