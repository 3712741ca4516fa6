"""Publishing: private sites on public hosting, and the swap of built sites into site/.

`keys` derives every key from LEARNPATH_SECRET, `seal` encrypts files, `sealed_site` turns
built sites into sealed ones (the build calls it between staging and the swap), `access` gives
the keys to families (links, passphrases in their words: `wordlists`, `unkind_words`,
letters), `exposed` finds what a sealed site must not hold. `swap` alone changes the site
folder: complete staged folders replace the published ones, under a lock. The browser side is
templates/publish/.
"""
