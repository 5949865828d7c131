// The managed insights, as the User Guide lists them (securityhub-managed-insights.md at
// bda5bf7): number (the end of arn:aws:securityhub:::insight/securityhub/default/<n>), name,
// grouping attribute and filters, the page's prose put in AwsSecurityFindingFilters terms.
// Where the page names no attribute the nearest filter attribute is used (behavior.md §14,
// decision 88). Filters are JSON text, parsed once on first use (insights.cc).
#include "insight_catalogue.h"

namespace shmock {
namespace {

const std::vector<ManagedInsight> kManaged = {
    {1, "AWS resources with the most findings",
     "ResourceId",
     R"json({"RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {3, "AMIs that are generating the most findings",
     "ResourceAwsEc2InstanceImageId",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {6, "AWS resources instances that don't meet security standards / best practices",
     "ResourceId",
     R"json({"Type":[{"Comparison":"EQUALS","Value":"Software and Configuration Checks/Industry and Regulatory Standards/AWS Security Best Practices"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {7, "AWS resources associated with potential data exfiltration",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Effects/Data Exfiltration/"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {8, "AWS resources associated with unauthorized resource consumption",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Effects/Resource Consumption"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {9, "AWS principals with suspicious access key activity",
     "ResourceAwsIamAccessKeyPrincipalName",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsIamAccessKey"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {10, "S3 buckets with public write or read permissions",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Effects/Data Exposure"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsS3Bucket"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {11, "S3 buckets that don't meet security standards / best practice",
     "ResourceId",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsS3Bucket"}],)json"
     R"json("Type":[{"Comparison":"EQUALS","Value":"Software and Configuration Checks/Industry and Regulatory Standards/AWS Security Best Practices"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {12, "S3 buckets with sensitive data",
     "ResourceId",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsS3Bucket"}],)json"
     R"json("Type":[{"Comparison":"PREFIX","Value":"Sensitive Data Identifications/"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {13, "Credentials that may have leaked",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Sensitive Data Identifications/Passwords/"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {14, "EC2 instances involved in known Tactics, Techniques, and Procedures (TTPs)",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"TTPs"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {16, "EC2 instances that have missing security patches for important vulnerabilities",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Software and Configuration Checks/Vulnerabilities/CVE"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {17, "EC2 instances with general unusual behavior",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Unusual Behaviors"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {18, "EC2 instances that have ports accessible from the Internet",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Software and Configuration Checks/AWS Security Best Practices/Network Reachability"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {19, "EC2 instances that don't meet security standards / best practices",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Software and Configuration Checks/Industry and Regulatory Standards/"},)json"
     R"json({"Comparison":"PREFIX","Value":"Software and Configuration Checks/AWS Security Best Practices"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {21, "EC2 instances that are open to the Internet",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Software and Configuration Checks/AWS Security Best Practices/Network Reachability"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {22, "EC2 instances associated with adversary reconnaissance",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"TTPs/Discovery/Recon"}],)json"
     R"json("ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {23, "AWS resources that are associated with malware",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Effects/Data Exfiltration/Trojan"},)json"
     R"json({"Comparison":"PREFIX","Value":"TTPs/Initial Access/Trojan"},)json"
     R"json({"Comparison":"PREFIX","Value":"TTPs/Command and Control/Backdoor"},)json"
     R"json({"Comparison":"PREFIX","Value":"TTPs/Command and Control/Trojan"},)json"
     R"json({"Comparison":"PREFIX","Value":"Software and Configuration Checks/Backdoor"},)json"
     R"json({"Comparison":"PREFIX","Value":"Unusual Behaviors/VM/Backdoor"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {24, "AWS resources associated with cryptocurrency issues",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"Effects/Resource Consumption/Cryptocurrency"},)json"
     R"json({"Comparison":"PREFIX","Value":"TTPs/Command and Control/CryptoCurrency"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {25, "AWS resources with unauthorized access attempts",
     "ResourceId",
     R"json({"Type":[{"Comparison":"PREFIX","Value":"TTPs/Command and Control/UnauthorizedAccess"},)json"
     R"json({"Comparison":"PREFIX","Value":"TTPs/Initial Access/UnauthorizedAccess"},)json"
     R"json({"Comparison":"PREFIX","Value":"Effects/Data Exfiltration/UnauthorizedAccess"},)json"
     R"json({"Comparison":"PREFIX","Value":"Unusual Behaviors/User/UnauthorizedAccess"},)json"
     R"json({"Comparison":"PREFIX","Value":"Effects/Resource Consumption/UnauthorizedAccess"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {26, "Threat Intel indicators with the most hits in the last week",
     "ThreatIntelIndicatorValue",
     R"json({"CreatedAt":[{"DateRange":{"Value":7,"Unit":"DAYS"}}]})json"},
    {27, "Top accounts by counts of findings",
     "AwsAccountId",
     R"json({"RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {28, "Top products by counts of findings",
     "ProductName",
     R"json({"RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {29, "Severity by counts of findings",
     "SeverityLabel",
     R"json({"RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {30, "Top S3 buckets by counts of findings",
     "ResourceId",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsS3Bucket"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {31, "Top EC2 instances by counts of findings",
     "ResourceId",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {32, "Top AMIs by counts of findings",
     "ResourceAwsEc2InstanceImageId",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsEc2Instance"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {33, "Top IAM users by counts of findings",
     "ResourceAwsIamAccessKeyUserName",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsIamAccessKey"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {34, "Top resources by counts of failed CIS checks",
     "ResourceId",
     R"json({"GeneratorId":[{"Comparison":"PREFIX","Value":"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule"}],)json"
     R"json("UpdatedAt":[{"DateRange":{"Value":1,"Unit":"DAYS"}}],)json"
     R"json("ComplianceStatus":[{"Comparison":"EQUALS","Value":"FAILED"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {35, "Top integrations by counts of findings",
     "ProductArn",
     R"json({"RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {36, "Resources with the most failed security checks",
     "ResourceId",
     R"json({"UpdatedAt":[{"DateRange":{"Value":1,"Unit":"DAYS"}}],)json"
     R"json("ComplianceStatus":[{"Comparison":"EQUALS","Value":"FAILED"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
    {37, "IAM users with suspicious activity",
     "ResourceAwsIamUserUserName",
     R"json({"ResourceType":[{"Comparison":"EQUALS","Value":"AwsIamUser"}],)json"
     R"json("RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}],)json"
     R"json("WorkflowStatus":[{"Comparison":"EQUALS","Value":"NEW"},)json"
     R"json({"Comparison":"EQUALS","Value":"NOTIFIED"}]})json"},
};

}  // namespace

const std::vector<ManagedInsight>& ManagedInsights() { return kManaged; }

}  // namespace shmock
