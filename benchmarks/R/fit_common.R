# What the R fitting scripts of benchmarks/ share: their command line and the reading of a model's data file.
#
# fit_arguments(usage) reads MODELS_DIR OUT_CSV [model,model,...] [chains] [warmup] [draws] [seed] from the command
# line (stopping with `usage` when the first two are missing); read_data(models_dir, file, factors) reads a CSV of
# models/ with the named columns as factors.

fit_arguments <- function(usage) {
  args <- commandArgs(trailingOnly = TRUE)
  if (length(args) < 2) stop(usage)
  list(models_dir = args[1], out_csv = args[2],
       wanted = if (length(args) >= 3 && nzchar(args[3])) strsplit(args[3], ",", fixed = TRUE)[[1]] else NULL,
       chains = if (length(args) >= 4) as.integer(args[4]) else 4L,
       warmup = if (length(args) >= 5) as.integer(args[5]) else 1000L,
       draws = if (length(args) >= 6) as.integer(args[6]) else 1000L,
       seed = if (length(args) >= 7) as.integer(args[7]) else 1L)
}

read_model_data <- function(models_dir, file, factors = character(0)) {
  x <- read.csv(file.path(models_dir, file), stringsAsFactors = FALSE)
  for (f in factors) x[[f]] <- factor(x[[f]])
  x
}
