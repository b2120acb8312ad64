"""The paper forms as data: typed definitions read from forms/, answers checked against them."""
