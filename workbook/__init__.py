"""Aggregate: the annual evaluation workbook (年度评估台账), asked for on the exports page or the API, built at once
or by a background job."""
