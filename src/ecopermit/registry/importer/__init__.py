"""Survey import (MISSION R5): the XLSX template, parsing, validation, dry-run preview and apply.

Modules
=======

``schema``    the sheets and their columns as data (Chinese sheet names and headers, field, type, help).
``template``  ``build_template()``: the downloadable workbook built from the schema.
``parse``     reads an uploaded workbook into typed records and collects every problem as an
              :class:`~ecopermit.registry.importer.parse.ImportIssue` (sheet, row, column, value, reason).
``services``  ``survey_preview`` (dry run, stores an ``ImportBatch``) and ``survey_apply`` (all or nothing).

Language
========

The user interface around the import (views, buttons, page titles) goes through gettext with English
msgids, like the rest of the product. Three things are Chinese *data* on purpose and are not
translated: the template's sheet names and column headers (they are the file format: an upload is
matched against them), the help text of the instructions sheet, and the error messages of the import
report. The template and the error report are official-language artefacts handed between the bureau,
the towns and the enterprises; a report must read the same whatever language the officer's browser
asks for, and it is stored with the batch, so it cannot follow a later language switch anyway.

Semantics (also written on the instructions sheet)
==================================================

* Facilities are identified by their unified social credit code; every other sheet refers to a facility
  by that code (and emission limits to an outlet by code + outlet code). The facility must be in the
  file or already in the database.
* Child rows are upserted by the natural keys of the models' unique constraints; nothing is deleted.
  The one list-valued cell, the facility's industry codes, is the complete list (first = main industry).
* A blank optional cell leaves the stored value alone (a partial survey never wipes data entered
  elsewhere); on creation the model default applies.
* A file with any error changes nothing; re-importing a file changes nothing; only records whose values
  differ are saved, so unchanged records get no history row.
"""
