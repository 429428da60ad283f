# Fits the comparison models with rstanarm's stan_glmer (precompiled Stan: no compile step) and writes one CSV row per
# model: the wall time of the whole stan_glmer call, min bulk and tail ESS and max R-hat over the parameters
# (posterior package), gradients and divergences.
#
# usage: Rscript fit_rstanarm.R MODELS_DIR OUT_CSV [model,model,...] [chains] [warmup] [draws] [seed]
#
# The models are those of models/*.json as rstanarm can state them. rstanarm has no "0 + Intercept": its intercept
# is that of centred predictors, with prior_intercept; its group-level covariance prior is decov() (a gamma prior on
# the scale of the covariance matrix and an LKJ prior on its correlations, regularization = the LKJ shape), not the
# student_t priors on each sd that brms and BayesGlmm use; so the priors on the sds differ, the rest are matched with
# autoscale = FALSE (rstanarm would otherwise rescale them by the data). adapt_delta is set to 0.8 (stan_glmer's
# default is 0.95) and max tree depth to 10, as on the other sides. Parameters: every one rstanarm reports but
# log-posterior and mean_PPD (its "Sigma[...]" are variances and covariances, whose bulk ESS equals that of the sds,
# ranks being unchanged by the square root).

script_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(normalizePath(script_file)), "..", "R", "fit_common.R"))
opts <- fit_arguments("usage: Rscript fit_rstanarm.R MODELS_DIR OUT_CSV [models] [chains] [warmup] [draws] [seed]")
models_dir <- opts$models_dir
out_csv <- opts$out_csv
wanted <- opts$wanted
chains <- opts$chains
warmup <- opts$warmup
draws <- opts$draws
seed <- opts$seed

suppressPackageStartupMessages({
  library(rstanarm)
  library(posterior)
})
cores <- min(chains, parallel::detectCores())

read_data <- function(file, factors = character(0)) read_model_data(models_dir, file, factors)

specs <- list(
  sleepstudy = list(data = function() read_data("sleepstudy.csv"),
    formula = Reaction ~ Days + (1 + Days | Subject), family = gaussian(),
    prior = normal(0, 500, autoscale = FALSE), prior_intercept = normal(0, 500, autoscale = FALSE),
    prior_aux = student_t(3, 0, 50, autoscale = FALSE), prior_covariance = decov(regularization = 2)),
  radon = list(data = function() read_data("radon_mn.csv"),
    formula = log_radon ~ floor + (1 + floor | county), family = gaussian(),
    prior = normal(0, 10, autoscale = FALSE), prior_intercept = normal(0, 10, autoscale = FALSE),
    prior_aux = student_t(3, 0, 2.5, autoscale = FALSE), prior_covariance = decov(regularization = 2)),
  cbpp = list(data = function() { x <- read_data("cbpp.csv", "period"); x$failures <- x$size - x$incidence; x },
    formula = cbind(incidence, failures) ~ period + (1 | herd), family = binomial(),
    prior = normal(0, 5, autoscale = FALSE), prior_intercept = normal(0, 5, autoscale = FALSE),
    prior_aux = NULL, prior_covariance = decov()),
  epilepsy = list(data = function() read_data("epilepsy.csv", "Trt"),
    formula = count ~ zAge + zBase * Trt + (1 | patient) + (1 | obs), family = poisson(),
    prior = normal(0, 5, autoscale = FALSE), prior_intercept = normal(0, 5, autoscale = FALSE),
    prior_aux = NULL, prior_covariance = decov()),
  pilots = list(data = function() read_data("pilots.csv"),
    formula = y ~ (1 | scenario) + (1 | group), family = gaussian(),
    prior = NULL, prior_intercept = normal(0, 5, autoscale = FALSE),
    prior_aux = student_t(3, 0, 2.5, autoscale = FALSE), prior_covariance = decov())
)

names_to_run <- if (is.null(wanted)) names(specs) else wanted
unknown <- setdiff(names_to_run, names(specs))
if (length(unknown) > 0) message("rstanarm: no rstanarm formulation for ", paste(unknown, collapse = ", "), "; skipped")
names_to_run <- intersect(names_to_run, names(specs))

fit_one <- function(name) {
  s <- specs[[name]]
  data <- s$data()
  call_args <- list(formula = s$formula, data = data, family = s$family, prior_intercept = s$prior_intercept,
                    prior_covariance = s$prior_covariance, chains = chains, iter = warmup + draws, warmup = warmup,
                    seed = seed, cores = cores, refresh = 0, adapt_delta = 0.8,
                    control = list(max_treedepth = 10))
  # rstanarm takes prior = NULL as flat; leave the argument out for an intercept-only model instead.
  if (!is.null(s$prior)) call_args$prior <- s$prior
  if (!is.null(s$prior_aux)) call_args$prior_aux <- s$prior_aux
  message("rstanarm: ", name, ": stan_glmer")
  whole_s <- system.time(fit <- do.call(rstanarm::stan_glmer, call_args))[["elapsed"]]
  arr <- posterior::as_draws_array(as.array(fit))
  vars <- setdiff(posterior::variables(arr), c("log-posterior", "mean_PPD"))
  summ <- posterior::summarise_draws(posterior::subset_draws(arr, variable = vars),
                                     ess_bulk = posterior::ess_bulk, ess_tail = posterior::ess_tail, rhat = posterior::rhat)
  sp <- rstan::get_sampler_params(fit$stanfit, inc_warmup = TRUE)
  gradients <- sum(vapply(sp, function(x) sum(x[, "n_leapfrog__"]), numeric(1)))
  divergences <- sum(vapply(rstan::get_sampler_params(fit$stanfit, inc_warmup = FALSE), function(x) sum(x[, "divergent__"]), numeric(1)))
  ess_bulk <- as.numeric(summ$ess_bulk)
  min_bulk <- min(ess_bulk, na.rm = TRUE)
  data.frame(model = name, whole_s = as.numeric(whole_s), min_bulk_ess = min_bulk, ess_per_s = min_bulk / whole_s,
             min_tail_ess = min(as.numeric(summ$ess_tail), na.rm = TRUE), max_rhat = max(as.numeric(summ$rhat), na.rm = TRUE),
             gradients = gradients, divergences = divergences, parameters = length(vars))
}

rows <- list()
for (name in names_to_run) {
  row <- tryCatch(fit_one(name), error = function(e) { message("rstanarm: ", name, ": failed: ", conditionMessage(e)); NULL })
  if (is.null(row)) next
  message(sprintf("rstanarm: %s: %.1f s, min bulk ESS %.0f, max R-hat %.3f", name, row$whole_s, row$min_bulk_ess, row$max_rhat))
  rows[[name]] <- row
  # Written after every model, so that an interrupted run keeps what it measured.
  write.csv(do.call(rbind, rows), out_csv, row.names = FALSE, quote = FALSE)
}
if (length(rows) == 0) write.csv(data.frame(model = character(0), whole_s = numeric(0), min_bulk_ess = numeric(0),
  ess_per_s = numeric(0), min_tail_ess = numeric(0), max_rhat = numeric(0), gradients = numeric(0),
  divergences = numeric(0), parameters = integer(0)), out_csv, row.names = FALSE, quote = FALSE)
cat(sprintf("# rstanarm %s, rstan %s, Stan %s, %s, %d cores used for %d chains\n",
            as.character(packageVersion("rstanarm")), as.character(packageVersion("rstan")), rstan::stan_version(),
            R.version.string, cores, chains))
