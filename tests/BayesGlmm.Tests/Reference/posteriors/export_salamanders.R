# Exports glmmTMB's Salamanders data (Price et al. 2016) to models/salamanders.csv, as R's write.csv writes it
# (factors and strings quoted). Run once from this folder: Rscript export_salamanders.R
suppressPackageStartupMessages(library(glmmTMB))
data(Salamanders, package = "glmmTMB")
write.csv(Salamanders, "../../../../models/salamanders.csv", row.names = FALSE)
cat(R.version.string, "\nglmmTMB", as.character(packageVersion("glmmTMB")), "\nrows", nrow(Salamanders),
    "\nzeros", sum(Salamanders$count == 0), "\ndate", format(Sys.time(), "%Y-%m-%d %H:%M %Z"), "\n")
