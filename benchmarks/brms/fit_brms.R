# Fits the models of models/ with brms (rstan backend) at the settings of BayesGlmm's end-to-end suite and writes
# one CSV row per model with the columns of benchmarks/BayesGlmm.Benchmarks/EndToEnd/brms_reference.csv.
#
# usage: Rscript fit_brms.R MODELS_DIR OUT_CSV [model,model,...] [chains] [warmup] [draws] [seed]
#
# Per model: compile_s = rstan::stan_model() on brms's generated Stan program (no cache: auto_write is off);
# sampling_s = elapsed time of rstan::sampling() (initialisation, warmup and sampling of every chain, chains run
# min(chains, cores) at a time); min_bulk_ess / min_tail_ess / max_rhat over the reported parameters in brms's names
# (b_, sd_, cor_, sigma, shape, r_ and the like; lp__, lprior and brms's internal z_, L_, r_<n>_<n> left out),
# computed with the posterior package; gradients = sum of n_leapfrog__ over warmup and sampling of all chains
# (gradients_counted = "total"; note that the anchor table of shared/reference counts the sampling iterations only); divergences after warmup.
# Formulas and priors follow the table in shared/reference/README.md (and the model files for verbagg and
# insteval, which state no priors: brms's defaults on both sides). pumps (gamma-distributed random effects) has no
# brms formulation and is skipped.

script_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(normalizePath(script_file)), "..", "R", "fit_common.R"))
opts <- fit_arguments("usage: Rscript fit_brms.R MODELS_DIR OUT_CSV [models] [chains] [warmup] [draws] [seed]")
models_dir <- opts$models_dir
out_csv <- opts$out_csv
wanted <- opts$wanted
chains <- opts$chains
warmup <- opts$warmup
draws <- opts$draws
seed <- opts$seed

suppressPackageStartupMessages({
  library(rstan)
  library(brms)
  library(posterior)
})
rstan::rstan_options(boost_lib = "/usr/include")   # Debian's BH puts boost in /usr/include
rstan::rstan_options(auto_write = FALSE)            # compile every model afresh: the compile time is measured
cores <- min(chains, parallel::detectCores())

read_data <- function(file, factors = character(0)) read_model_data(models_dir, file, factors)
p <- function(prior, class) brms::set_prior(prior, class = class)
sd_default <- p("student_t(3, 0, 2.5)", "sd")

specs <- list(
  cbpp = list(data = function() read_data("cbpp.csv", "period"),
    formula = brms::bf(incidence | trials(size) ~ 0 + Intercept + period + (1 | herd)), family = binomial(),
    prior = c(p("normal(0, 5)", "b"), sd_default)),
  eight_schools = list(data = function() read_data("eight_schools.csv"),
    formula = brms::bf(y | se(sigma) ~ 0 + Intercept + (1 | school)), family = gaussian(),
    prior = c(p("normal(0, 5)", "b"), p("cauchy(0, 5)", "sd"))),
  epilepsy = list(data = function() read_data("epilepsy.csv", "Trt"),
    formula = brms::bf(count ~ 0 + Intercept + zAge + zBase * Trt + (1 | patient) + (1 | obs)), family = poisson(),
    prior = c(p("normal(0, 5)", "b"), sd_default)),
  insteval = list(data = function() read_data("insteval.csv", "service"),
    formula = brms::bf(y ~ service + (1 | s) + (1 | d) + (1 | dept)), family = gaussian(),
    prior = NULL),
  pilots = list(data = function() read_data("pilots.csv"),
    formula = brms::bf(y ~ 0 + Intercept + (1 | scenario) + (1 | group)), family = gaussian(),
    prior = c(p("normal(0, 5)", "b"), sd_default, p("student_t(3, 0, 2.5)", "sigma"))),
  radon = list(data = function() read_data("radon_mn.csv"),
    formula = brms::bf(log_radon ~ 0 + Intercept + floor + (1 + floor | county)), family = gaussian(),
    prior = c(p("normal(0, 10)", "b"), sd_default, p("student_t(3, 0, 2.5)", "sigma"), p("lkj(2)", "cor"))),
  sleepstudy = list(data = function() read_data("sleepstudy.csv"),
    formula = brms::bf(Reaction ~ 0 + Intercept + Days + (1 + Days | Subject)), family = gaussian(),
    prior = c(p("normal(0, 500)", "b"), p("student_t(3, 0, 50)", "sd"), p("student_t(3, 0, 50)", "sigma"), p("lkj(2)", "cor"))),
  verbagg = list(data = function() { x <- read_data("verbagg.csv"); x$r2 <- as.integer(x$r2 == "Y"); x },
    formula = brms::bf(r2 ~ Anger + Gender + btype + situ + (1 | id) + (1 | item)), family = brms::bernoulli(),
    prior = NULL),
  wine = list(data = function() read_data("wine.csv"),
    formula = brms::bf(rating ~ temp + contact + (1 | judge), center = FALSE), family = brms::cumulative("logit"),
    prior = c(p("normal(0, 5)", "b"), p("normal(0, 5)", "Intercept"), sd_default))
)

names_to_run <- if (is.null(wanted)) names(specs) else wanted
unknown <- setdiff(names_to_run, names(specs))
if (length(unknown) > 0) message("brms: no brms formulation for ", paste(unknown, collapse = ", "), "; skipped")
names_to_run <- intersect(names_to_run, names(specs))

# Reported parameters in brms's names; brms's internal parameters and lp__/lprior are left out.
reported <- function(variables) {
  keep <- grepl("^(b_|bs_|sds_|sd_|cor_|sigma$|shape$|phi$|disc$|nu$|r_[A-Za-z.])", variables)
  variables[keep]
}

fit_one <- function(name) {
  s <- specs[[name]]
  data <- s$data()
  message("brms: ", name, ": generating and compiling the Stan program")
  code <- brms::make_stancode(s$formula, data = data, family = s$family, prior = s$prior)
  standata <- brms::make_standata(s$formula, data = data, family = s$family, prior = s$prior)
  compile_s <- system.time(sm <- rstan::stan_model(model_code = code, model_name = name))[["elapsed"]]
  message("brms: ", name, ": compiled in ", round(compile_s, 1), " s; sampling")
  sampling_s <- system.time(
    sf <- rstan::sampling(sm, data = unclass(standata), chains = chains, iter = warmup + draws, warmup = warmup,
                          seed = seed, cores = cores, refresh = 0,
                          control = list(adapt_delta = 0.8, max_treedepth = 10))
  )[["elapsed"]]
  # Attach the Stan fit to an (uncompiled) brmsfit so that brms gives the parameters their usual names.
  fit <- brms::brm(s$formula, data = data, family = s$family, prior = s$prior, empty = TRUE)
  fit$fit <- sf
  fit <- brms::rename_pars(fit)
  arr <- posterior::as_draws_array(fit)
  vars <- reported(posterior::variables(arr))
  summ <- posterior::summarise_draws(posterior::subset_draws(arr, variable = vars),
                                     ess_bulk = posterior::ess_bulk, ess_tail = posterior::ess_tail, rhat = posterior::rhat)
  sp <- rstan::get_sampler_params(sf, inc_warmup = TRUE)
  gradients <- sum(vapply(sp, function(x) sum(x[, "n_leapfrog__"]), numeric(1)))
  divergences <- sum(vapply(rstan::get_sampler_params(sf, inc_warmup = FALSE), function(x) sum(x[, "divergent__"]), numeric(1)))
  # posterior returns its summaries as pillar_num vectors, which write.csv cannot convert: plain numbers here.
  ess_bulk <- as.numeric(summ$ess_bulk)
  ess_tail <- as.numeric(summ$ess_tail)
  rhat <- as.numeric(summ$rhat)
  min_bulk <- min(ess_bulk, na.rm = TRUE)
  data.frame(
    model = name, compile_s = as.numeric(compile_s), sampling_s = as.numeric(sampling_s), min_bulk_ess = min_bulk,
    ess_per_s = min_bulk / sampling_s, gradients = gradients, ess_per_gradient = min_bulk / gradients,
    divergences = divergences, max_rhat = max(rhat, na.rm = TRUE),
    min_tail_ess = min(ess_tail, na.rm = TRUE), parameters = length(vars), gradients_counted = "total")
}

rows <- list()
for (name in names_to_run) {
  row <- tryCatch(fit_one(name), error = function(e) { message("brms: ", name, ": failed: ", conditionMessage(e)); NULL })
  if (is.null(row)) next
  message(sprintf("brms: %s: compile %.1f s, sampling %.1f s, min bulk ESS %.0f, gradients %.0f, max R-hat %.3f",
                  name, row$compile_s, row$sampling_s, row$min_bulk_ess, row$gradients, row$max_rhat))
  rows[[name]] <- row
  # Write after every model, so that an interrupted run keeps what it measured.
  write.csv(do.call(rbind, rows), out_csv, row.names = FALSE, quote = FALSE)
}
if (length(rows) == 0) write.csv(data.frame(model = character(0), compile_s = numeric(0), sampling_s = numeric(0),
  min_bulk_ess = numeric(0), ess_per_s = numeric(0), gradients = numeric(0), ess_per_gradient = numeric(0),
  divergences = numeric(0), max_rhat = numeric(0), gradients_counted = character(0)), out_csv, row.names = FALSE, quote = FALSE)
cat(sprintf("# brms %s, rstan %s, Stan %s, %s, %d cores used for %d chains\n",
            as.character(packageVersion("brms")), as.character(packageVersion("rstan")), rstan::stan_version(),
            R.version.string, cores, chains))
