"""A Julia ``Dict`` (and ``Set``) of strings iterates in the order of its hash table, as Julia does:
a site's menu written from a ``Dict`` comes out in the order Franklin's build shows."""

from __future__ import annotations

from franklin_compat.core.dictorder import julia_order, sized_table, string_hash

from .test_julia_host import run

#: JuliaCon's Eindhoven 2023 navbar: the ``Dict`` of config.md (in the order written) and the
#: order of the links in the page Franklin built from it (Julia 1.10)
WRITTEN = ["Volunteer", "Tickets", "Sponsor", "Venue", "Program", "Pluto Workshop", "Diversity Scholarship",
           "Code of Conduct"]
BUILT = ["Code of Conduct", "Tickets", "Sponsor", "Program", "Pluto Workshop", "Volunteer", "Venue",
         "Diversity Scholarship"]


def test_a_menu_comes_out_in_the_order_of_franklins_build() -> None:
    pairs = ", ".join(f'"{k}" => "/{i}"' for i, k in enumerate(WRITTEN))
    src = f"hfun_t() = join([k for (k, v) in Dict({pairs})], \"|\")"
    assert run(src) == "|".join(BUILT)
    assert julia_order(WRITTEN) == BUILT


def test_the_manuals_example_and_the_other_ways_to_see_the_order() -> None:
    # Julia's manual shows Dict("A"=>1, "B"=>2) as "B" => 2 first
    assert run('hfun_t() = string(Dict("A" => 1, "B" => 2))') == 'Dict("B" => 2, "A" => 1)'
    src = '''
function hfun_t()
    d = Dict{String, Int}()
    for k in ["A", "B"]
        d[k] = 1
    end
    s = Set(["A", "B"])
    return string(collect(keys(d)), collect(values(Dict("A" => 1, "B" => 2))), first(d), collect(s),
                  [k for k in keys(filter(p -> true, d))])
end'''
    assert run(src) == '["B", "A"][2, 1]"B" => 1["B", "A"]["B", "A"]'


def test_keys_that_are_not_strings_keep_the_order_they_were_put_in() -> None:
    assert julia_order(["a", 1]) is None
    assert run('hfun_t() = string(collect(keys(Dict(3 => "c", 1 => "a"))))') == "[3, 1]"


def test_tables_are_sized_and_grown_as_julias() -> None:
    # sizehint!(d, n) leaves room for 1.5 n; a table over 2/3 full grows to 4 × its count
    assert [sized_table(n) for n in (1, 10, 11, 21, 22, 43)] == [16, 16, 32, 32, 64, 128]
    keys = [f"k{i}" for i in range(15)]  # put in one at a time: 64 slots; Dict(pairs…): 32
    grown, sized = julia_order(keys), julia_order(keys, sized_table(15))
    assert grown is not None and sized is not None and sorted(grown) == sorted(sized) == sorted(keys)
    assert grown != sized
    assert julia_order(keys[:10]) == julia_order(keys[:10], sized_table(10))  # 16 slots either way
    few = ["A", "B"]
    assert julia_order(few) == sorted(few, key=lambda k: string_hash(k) % 16)


def test_a_dict_changed_while_it_is_walked_is_walked_as_it_was() -> None:
    """``delete!`` inside ``for (k, v) in d``: the pairs are those ``d`` held when the loop began."""
    src = '''
function hfun_t()
    d = Dict("a" => 1, "b" => 2, "c" => 3)
    out = String[]
    for (k, v) in d
        push!(out, k)
        delete!(d, k == "a" ? "b" : "a")
    end
    return join(sort(out), ",") * "|" * string(length(d))
end'''
    assert run(src) == "a,b,c|1"
