import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_categories_barriers_and_counts(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Health data accessibility" in page
    assert "Reimbursement Misalignment" in page
    assert "17 barriers · 92 quotes · 47 good practices · 10 regions" in page
