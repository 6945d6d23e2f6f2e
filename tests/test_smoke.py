from provenance import check_caption


def test_a_kcna_credit_is_a_state_supplied_picture():
    result = check_caption("Kim Jong Un inspects a drill. (Korean Central News Agency/Korea News Service via AP)")
    state = [f for f in result.findings if f.category == "state_supplied"]
    assert state and state[0].source.id == "kcna" and state[0].source.country == "KP"
