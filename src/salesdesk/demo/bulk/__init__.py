"""The medium and large demo: a mid-size company's volume of customers, opportunities, contracts and
orders, generated and written with PostgreSQL's COPY on top of the loaded demo (see load.bulk_load).
The tiny scale is a few hundred rows in the same shape, to check that the benchmarks run."""
