"""Stage 9, publish: private sites on public hosting.

`keys` derives every key from LEARNPATH_SECRET, `seal` encrypts files, `site` turns built sites
into sealed ones (the build calls it between staging and publishing), `access` gives the keys
to families (links, passphrases, letters). The browser side is templates/publish/.
"""
