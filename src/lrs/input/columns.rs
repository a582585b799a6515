//! The columns of a results CSV and the header variants LMS exports use for each.

/// The columns a results file may have; each accepts the header variants LMS exports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Email,
    Account,
    Name,
    Status,
    Score,
    Date,
    Duration,
}

/// Headers are compared without case, spaces and punctuation: `Completion Date`,
/// `completion_date` and `completionDate` are one header.
pub(super) const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "learneremail",
            "useremail",
            "studentemail",
        ],
    ),
    (
        Column::Account,
        &[
            "accountid",
            "account",
            "accountname",
            "userid",
            "learnerid",
            "studentid",
            "username",
            "login",
            "employeeid",
        ],
    ),
    (
        Column::Name,
        &[
            "name",
            "learnername",
            "fullname",
            "studentname",
            "displayname",
            "learner",
        ],
    ),
    (
        Column::Status,
        &[
            "status",
            "completionstatus",
            "lessonstatus",
            "result",
            "successstatus",
        ],
    ),
    (
        Column::Score,
        &[
            "score",
            "scorepercent",
            "percent",
            "percentage",
            "grade",
            "scoreraw",
            "rawscore",
        ],
    ),
    (
        Column::Date,
        &[
            "completiondate",
            "completedat",
            "datecompleted",
            "completedon",
            "completed",
            "completiontime",
            "date",
            "timestamp",
            "finishedat",
        ],
    ),
    (
        Column::Duration,
        &["duration", "timespent", "totaltime", "time"],
    ),
];

pub(super) fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn column_of(header: &str) -> Option<Column> {
    let key = normalise(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(column, _)| *column)
}
