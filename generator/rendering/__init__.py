"""Rendering: a checked plan and its scores become page bodies and one `SiteSpec` per student.

`render` builds the spec (pages, navigation, extra files) from our templates; `words` puts the
labels in the site's language; `outline` records each page's headings as it renders; `graph`
draws the learning path and `chart` the burn-ups and level histories, which `progress` puts
in the site's words; `offers` orders what a student is offered first. Pure: nothing here
writes a file or knows MkDocs (the HTML stage, `html/`, lays the pages out).
"""
