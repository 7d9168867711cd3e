"""`reviewbot site build DIR`: every live review as a page with its discussion, an index and an Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.e2e.helpers import comment_rows, published_thread, query
from tests.e2e.test_cli import cli


async def test_site_build_writes_each_review_an_index_and_a_feed(world, tmp_path):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "A comment <script>alert(1)</script> on the site")
    await published_thread(world, title="Film Review: Heat", film="Heat (1995)")
    await comment_rows(world, 1)
    await world.flush()
    site = tmp_path / "site"
    code, out, err = await cli("site", "build", str(site), "--title", "Reels & <Reviews>",
                               "--base-url", "https://reviews.example", db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    assert "Wrote 2 review page(s)" in out
    index = (site / "index.html").read_text()
    assert "Reels &amp; &lt;Reviews&gt;" in index and "<Reviews>" not in index
    pages = sorted(p.name for p in site.glob("review-*.html"))
    assert len(pages) == 2 and all(f'href="{name}"' in index for name in pages)
    assert index.index("Heat") < index.index("Never Let Me Go")  # newest first
    [never] = [p for p in pages if "never-let-me-go" in p]
    page = (site / never).read_text()
    assert "A comment &lt;script&gt;alert(1)&lt;/script&gt; on the site" in page and "<script>" not in page
    feed = ET.fromstring((site / "atom.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    links = [e.find(f"{atom}link").get("href") for e in feed.iter(f"{atom}entry")]
    assert sorted(links) == sorted(f"https://reviews.example/{name}" for name in pages)
    [(guild_id,)] = query(world.db_path, "SELECT DISTINCT guild_id FROM reviews")
    code, out, _ = await cli("site", "build", str(tmp_path / "other"), "--guild", "12345678901234567",
                             db=world.db_path, cwd=tmp_path)
    assert code == 0 and "Wrote 0 review page(s)" in out and guild_id != 12345678901234567
