"""The site benchmark behind `make bench`: data generation, in-process timings, HTTP load."""
