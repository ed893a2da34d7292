"""``JSON.parse`` / ``JSON.parsefile`` in ``utils.jl``: a site's data file read as JSON.jl reads it
(JuliaSmoothOptimizers' home page takes its latest tutorial from ``_data/tutorials.json``)."""

from __future__ import annotations

from .test_julia_host import FakeHost, error_of, run

DATA = ('[{"date": "2024-01-02", "title": "B", "n": 1.5, "k": 2},'
        ' {"date": "2024-03-01", "title": "A", "x": null, "l": [1, [2, "z"]], "t": true}]')
LATEST = '''
using JSON
function aux_latest()
  data = JSON.parsefile("_data/tutorials.json")
  data = sort(data, by=x->x["date"], rev=true)
  data[1]
end
hfun_t() = aux_latest()["title"]
'''


def test_the_latest_entry_of_a_data_file() -> None:
    assert run(LATEST, host=FakeHost({"_data/tutorials.json": DATA})) == "A"


def test_values_have_julias_types() -> None:
    src = '''
using JSON
function hfun_t()
    d = JSON.parsefile("d.json")
    return string(typeof(d), " ", typeof(d[1]), " ", d[2]["l"], " ", d[2]["x"] === nothing, " ",
                  typeof(d[1]["n"]), typeof(d[1]["k"]), " ", parse(Int, "3"))
end'''
    out = run(src, host=FakeHost({"d.json": DATA}))
    assert out == 'Vector{Any} Dict{String, Any} Any[1, Any[2, "z"]] true Float64Int64 3'
    # an object is filled key by key: it iterates in Julia's order
    assert run('using JSON\nhfun_t() = join(keys(JSON.parse("{\\"A\\": 1, \\"B\\": 2}")), ",")') == "B,A"


def test_what_is_not_json_or_not_provided_says_so() -> None:
    bad = error_of('using JSON\nhfun_t() = JSON.parse("{nope}")')
    assert bad.julia_type == "ErrorException" and "invalid JSON" in bad.diagnostic.message
    deep = "[" * 5000 + "]" * 5000
    assert "levels deep" in error_of(f'using JSON\nhfun_t() = JSON.parse("{deep}")').diagnostic.message
    missing = error_of("using JSON\nhfun_t() = JSON.json(1)").diagnostic
    assert missing.code == "FC802" and "franklin_compat has only parse, parsefile" in missing.message
