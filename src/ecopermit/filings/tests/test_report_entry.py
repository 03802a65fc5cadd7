def test_the_commitment_is_asked_for_as_a_box_to_tick(permitted, q1, login):
    data = typed()
    del data["commitment"]
    page = (
        login(permitted["shipyard_manager"]).post(f"/filings/reports/{q1.pk}/enter/", data).content.decode()
    )
    assert "“承诺书”：请勾选表格下方的法定代表人承诺。" in page
    assert not ReportVersion.objects.exists()
